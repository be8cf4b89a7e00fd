"""Route `updateThread`: rename a thread or change its color."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import UpdateThread
from ourchat.services.threads import update_thread


@message_route(UpdateThread)
def handler(request: UpdateThread, caller: Caller) -> Mapping[str, Any]:
    """Change the thread and return it."""
    thread = update_thread(
        caller.store,
        caller.pusher,
        caller.clock,
        actor_id=caller.user_id,
        thread_id=request.thread_id,
        thread_name=request.thread_name,
        color=request.color,
    )
    return to_record(thread)
