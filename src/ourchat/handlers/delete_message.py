"""Route `deleteMessage`: make a message a tombstone."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import DeleteMessage
from ourchat.services.message_changes import delete_message


@message_route(DeleteMessage)
def handler(request: DeleteMessage, caller: Caller) -> Mapping[str, Any]:
    """Delete the message and return its tombstone."""
    message = delete_message(
        caller.store,
        caller.pusher,
        caller.clock,
        actor_id=caller.user_id,
        thread_id=request.thread_id,
        message_id=request.message_id,
    )
    return to_record(message)
