"""Route `sendMessage`: store a message and push it to the group's live connections."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import SendMessage
from ourchat.services.messages import send_message


@message_route(SendMessage)
def handler(request: SendMessage, caller: Caller) -> Mapping[str, Any]:
    """Send the message and return it as stored."""
    message = send_message(
        caller.store,
        caller.pusher,
        caller.clock,
        sender_id=caller.user_id,
        group_id=request.group_id,
        thread_id=request.thread_id,
        content=request.content,
        client_message_id=request.client_message_id,
        reply_to_message_id=request.reply_to_message_id,
    )
    return to_record(message)
