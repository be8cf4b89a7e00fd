"""Route `typing`: tell the thread's group the caller is typing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import TypingNow
from ourchat.services.presence import typing


@message_route(TypingNow)
def handler(request: TypingNow, caller: Caller) -> Mapping[str, Any]:
    """Pass the typing on to the other members (at most once per 3 s per thread)."""
    typing(
        caller.store,
        caller.pusher,
        caller.clock,
        user_id=caller.user_id,
        thread_id=request.thread_id,
    )
    return {}
