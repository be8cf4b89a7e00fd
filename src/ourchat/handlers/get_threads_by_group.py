"""Route `getThreadsByGroup`: a group's threads, most recent message first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.handlers.replies import page_reply
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import GetThreadsByGroup
from ourchat.services.threads import get_threads_by_group


@message_route(GetThreadsByGroup)
def handler(request: GetThreadsByGroup, caller: Caller) -> Mapping[str, Any]:
    """Return one page of threads and the cursor of the next page."""
    page = get_threads_by_group(
        caller.store,
        actor_id=caller.user_id,
        group_id=request.group_id,
        cursor=request.cursor,
        limit=request.limit,
    )
    return page_reply("threads", page)
