"""Route `unwatchPresence`: this connection stops receiving presence.changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import UnwatchPresence
from ourchat.services.presence import watch_presence


@message_route(UnwatchPresence)
def handler(request: UnwatchPresence, caller: Caller) -> Mapping[str, Any]:
    """Stop watching presence on this connection."""
    watch_presence(
        caller.store, user_id=caller.user_id, connection_id=caller.connection_id, group_id=None
    )
    return {}
