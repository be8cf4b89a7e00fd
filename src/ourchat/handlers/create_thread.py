"""Route `createThread`: start a thread in a group."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import CreateThread
from ourchat.services.threads import create_thread


@message_route(CreateThread)
def handler(request: CreateThread, caller: Caller) -> Mapping[str, Any]:
    """Create the thread, tell the group, and return it."""
    thread = create_thread(
        caller.store,
        caller.pusher,
        caller.clock,
        actor_id=caller.user_id,
        group_id=request.group_id,
        thread_name=request.thread_name,
        color=request.color,
    )
    return to_record(thread)
