"""Route `removeMember`: remove a member from a group."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import RemoveMember
from ourchat.services.members import remove_member


@message_route(RemoveMember)
def handler(request: RemoveMember, caller: Caller) -> Mapping[str, Any]:
    """Remove the member; the members and the removed user are told."""
    remove_member(
        caller.store,
        caller.pusher,
        caller.clock,
        actor_id=caller.user_id,
        group_id=request.group_id,
        user_id=request.user_id,
    )
    return {}
