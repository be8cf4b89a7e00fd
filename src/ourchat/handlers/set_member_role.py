"""Route `setMemberRole`: change a member's role, or hand ownership on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import SetMemberRole
from ourchat.services.members import set_member_role


@message_route(SetMemberRole)
def handler(request: SetMemberRole, caller: Caller) -> Mapping[str, Any]:
    """Change the role and return the member's membership."""
    set_member_role(
        caller.store,
        caller.pusher,
        caller.clock,
        actor_id=caller.user_id,
        group_id=request.group_id,
        user_id=request.user_id,
        role=request.role,
    )
    membership = caller.store.get_membership(request.group_id, request.user_id)
    return to_record(membership) if membership is not None else {}
