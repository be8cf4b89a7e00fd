"""Route `getLastMessages`: a thread's most recent messages, newest first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.handlers.replies import page_reply
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import GetLastMessages
from ourchat.services.messages import get_last_messages


@message_route(GetLastMessages)
def handler(request: GetLastMessages, caller: Caller) -> Mapping[str, Any]:
    """Return one page of messages and the cursor of the next (older) page."""
    page = get_last_messages(
        caller.store,
        actor_id=caller.user_id,
        thread_id=request.thread_id,
        before=request.before,
        limit=request.limit,
    )
    return page_reply("messages", page)
