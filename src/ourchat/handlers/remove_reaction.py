"""Route `removeReaction`: take one's reaction back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import RemoveReaction
from ourchat.services.message_changes import react


@message_route(RemoveReaction)
def handler(request: RemoveReaction, caller: Caller) -> Mapping[str, Any]:
    """Take the reaction back and return the message."""
    message = react(
        caller.store,
        caller.pusher,
        caller.clock,
        actor_id=caller.user_id,
        thread_id=request.thread_id,
        message_id=request.message_id,
        emoji=request.emoji,
        adding=False,
    )
    return to_record(message)
