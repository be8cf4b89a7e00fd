"""Route `leaveGroup`: leave a group."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import LeaveGroup
from ourchat.services.members import leave_group


@message_route(LeaveGroup)
def handler(request: LeaveGroup, caller: Caller) -> Mapping[str, Any]:
    """Leave the group; the members and the leaver's connections are told."""
    leave_group(
        caller.store, caller.pusher, caller.clock, user_id=caller.user_id, group_id=request.group_id
    )
    return {}
