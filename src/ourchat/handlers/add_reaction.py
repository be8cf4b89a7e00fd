"""Route `addReaction`: react to a message with one emoji."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import AddReaction
from ourchat.services.message_changes import react


@message_route(AddReaction)
def handler(request: AddReaction, caller: Caller) -> Mapping[str, Any]:
    """React and return the message with its reactions."""
    message = react(
        caller.store,
        caller.pusher,
        caller.clock,
        actor_id=caller.user_id,
        thread_id=request.thread_id,
        message_id=request.message_id,
        emoji=request.emoji,
        adding=True,
    )
    return to_record(message)
