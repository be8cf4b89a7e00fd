"""Route `getLastMessages`: a thread's most recent messages, newest first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, Request, message_route
from ourchat.services.messages import get_last_messages


class GetLastMessages(Request, frozen=True):
    """The frame's fields; `before` is a nextCursor from an earlier page."""

    thread_id: str
    before: str | None = None
    limit: int | None = None


@message_route("getLastMessages", GetLastMessages)
def handler(request: GetLastMessages, caller: Caller) -> Mapping[str, Any]:
    """Return one page of messages and the cursor of the next (older) page."""
    page = get_last_messages(
        caller.deps.store,
        actor_id=caller.user_id,
        thread_id=request.thread_id,
        before=request.before,
        limit=request.limit,
    )
    return {"messages": [to_record(m) for m in page.items], "nextCursor": page.next_cursor}
