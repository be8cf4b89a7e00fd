"""Route `updateGroup`: rename a group or change its emoticon."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import UpdateGroup
from ourchat.services.groups import update_group


@message_route(UpdateGroup)
def handler(request: UpdateGroup, caller: Caller) -> Mapping[str, Any]:
    """Change the group and return it."""
    group = update_group(
        caller.store,
        caller.pusher,
        caller.clock,
        actor_id=caller.user_id,
        group_id=request.group_id,
        group_name=request.group_name,
        emoticon=request.emoticon,
    )
    return to_record(group)
