"""Route `createGroup`: create a group owned by the caller."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import CreateGroup
from ourchat.services.groups import create_group


@message_route(CreateGroup)
def handler(request: CreateGroup, caller: Caller) -> Mapping[str, Any]:
    """Create the group and return it."""
    group = create_group(
        caller.store,
        caller.clock,
        owner_id=caller.user_id,
        group_name=request.group_name,
        emoticon=request.emoticon,
    )
    return to_record(group)
