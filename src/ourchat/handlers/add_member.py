"""Route `addMember`: add a user to a group the caller is a member of."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import AddMember
from ourchat.services.groups import add_member


@message_route(AddMember)
def handler(request: AddMember, caller: Caller) -> Mapping[str, Any]:
    """Add the member, tell the group, and return the membership."""
    membership = add_member(
        caller.store,
        caller.pusher,
        caller.clock,
        actor_id=caller.user_id,
        group_id=request.group_id,
        user_id=request.user_id,
    )
    return to_record(membership)
