"""Route `markRead`: move the caller's read pointer of a thread."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.events import ReadUpdated
from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import MarkRead
from ourchat.services.read_state import mark_read


@message_route(MarkRead)
def handler(request: MarkRead, caller: Caller) -> Mapping[str, Any]:
    """Mark the thread read up to the message; reply with where the pointer is now."""
    pointer = mark_read(
        caller.store,
        caller.pusher,
        caller.clock,
        user_id=caller.user_id,
        connection_id=caller.connection_id,
        thread_id=request.thread_id,
        message_id=request.message_id,
    )
    return to_record(ReadUpdated(pointer.group_id, pointer.thread_id, pointer.message_id))
