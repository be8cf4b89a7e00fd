"""Route `createGroup`: create a group owned by the caller."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, Request, message_route
from ourchat.services.groups import create_group


class CreateGroup(Request, frozen=True):
    """The frame's fields."""

    group_name: str
    emoticon: str | None = None


@message_route("createGroup", CreateGroup)
def handler(request: CreateGroup, caller: Caller) -> Mapping[str, Any]:
    """Create the group and return it."""
    group = create_group(
        caller.deps.store,
        caller.deps.clock,
        owner_id=caller.user_id,
        group_name=request.group_name,
        emoticon=request.emoticon,
    )
    return to_record(group)
