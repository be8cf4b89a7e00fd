"""Route `listGroups`: the caller's groups, most recent message first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.handlers.replies import page_reply
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import ListGroups
from ourchat.services.groups import list_groups


@message_route(ListGroups)
def handler(request: ListGroups, caller: Caller) -> Mapping[str, Any]:
    """Return one page of the caller's groups and the cursor of the next page."""
    page = list_groups(
        caller.store, user_id=caller.user_id, cursor=request.cursor, limit=request.limit
    )
    return page_reply("groups", page)
