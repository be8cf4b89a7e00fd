"""Route `sync`: the events a reconnecting client missed, group by group."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import Sync
from ourchat.services.sync import sync


@message_route(Sync)
def handler(request: Sync, caller: Caller) -> Mapping[str, Any]:
    """Return the events after each group's afterSeq, and the groups to reload."""
    result = sync(
        caller.store,
        caller.clock,
        user_id=caller.user_id,
        positions=[(p.group_id, p.after_seq) for p in request.groups],
        limit=request.limit,
        cursor=request.cursor,
    )
    return {"events": result.events, "nextCursor": result.next_cursor, "resets": result.resets}
