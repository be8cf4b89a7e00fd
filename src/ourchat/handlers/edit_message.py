"""Route `editMessage`: replace a message's content (its sender only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import EditMessage
from ourchat.services.message_changes import edit_message


@message_route(EditMessage)
def handler(request: EditMessage, caller: Caller) -> Mapping[str, Any]:
    """Edit the message and return it as edited."""
    message = edit_message(
        caller.store,
        caller.pusher,
        caller.clock,
        actor_id=caller.user_id,
        thread_id=request.thread_id,
        message_id=request.message_id,
        content=request.content,
    )
    return to_record(message)
