"""Route `addMember`: invite a user to a group (an owner or admin)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import AddMember
from ourchat.services.invitations import invite


@message_route(AddMember)
def handler(request: AddMember, caller: Caller) -> Mapping[str, Any]:
    """Invite the user and return the invitation."""
    invitation = invite(
        caller.store,
        caller.pusher,
        caller.clock,
        actor_id=caller.user_id,
        group_id=request.group_id,
        user_id=request.user_id,
    )
    return {"invitation": to_record(invitation)}
