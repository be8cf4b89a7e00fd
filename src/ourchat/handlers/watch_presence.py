"""Route `watchPresence`: this connection receives a group's presence.changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import WatchPresence
from ourchat.services.presence import watch_presence


@message_route(WatchPresence)
def handler(request: WatchPresence, caller: Caller) -> Mapping[str, Any]:
    """Watch the group's members' presence on this connection."""
    watch_presence(
        caller.store,
        user_id=caller.user_id,
        connection_id=caller.connection_id,
        group_id=request.group_id,
    )
    return {}
