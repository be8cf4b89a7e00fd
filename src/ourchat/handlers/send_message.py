"""Route `sendMessage`: store a message and push it to the group's live connections."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, Request, message_route
from ourchat.services.messages import send_message


class SendMessage(Request, frozen=True):
    """The frame's fields; clientMessageId makes a resend safe."""

    group_id: str
    thread_id: str
    content: str
    client_message_id: str | None = None


@message_route("sendMessage", SendMessage)
def handler(request: SendMessage, caller: Caller) -> Mapping[str, Any]:
    """Send the message and return it as stored."""
    message = send_message(
        caller.deps.store,
        caller.pusher,
        caller.deps.clock,
        sender_id=caller.user_id,
        group_id=request.group_id,
        thread_id=request.thread_id,
        content=request.content,
        client_message_id=request.client_message_id,
    )
    return to_record(message)
