"""Route `listMembers`: a group's members, names and roles."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.handlers.replies import page_reply
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import ListMembers
from ourchat.services.members import list_members


@message_route(ListMembers)
def handler(request: ListMembers, caller: Caller) -> Mapping[str, Any]:
    """Return one page of members by user id."""
    page = list_members(
        caller.store,
        caller.clock,
        actor_id=caller.user_id,
        group_id=request.group_id,
        cursor=request.cursor,
        limit=request.limit,
    )
    return page_reply("members", page)
