"""Delivery of server events to the live connections of a group's members."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store

MESSAGE_CREATED = "message.created"
THREAD_CREATED = "thread.created"
MEMBER_ADDED = "member.added"


def encode_event(event: str, data: Mapping[str, Any]) -> bytes:
    """Encode a server event frame: {"event": ..., "data": ...} as compact UTF-8 JSON."""
    frame = {"event": event, "data": data}
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def publish(
    store: Store, pusher: Pusher, clock: Clock, group_id: str, event: str, data: Mapping[str, Any]
) -> int:
    """Send an event to every live connection of the group's members, senders included.

    Connections that turn out to be gone (HTTP 410) are removed, so they stop costing work.

    Returns:
        The number of connections the event was sent to (gone ones excluded).
    """
    now = int(clock().timestamp())
    connections = store.connections_for_group(group_id, now)
    if not connections:
        return 0
    owners = {connection.connection_id: connection.user_id for connection in connections}
    gone = pusher.send(list(owners), encode_event(event, data))
    for connection_id in gone:
        store.delete_connection(owners[connection_id], connection_id)
    return len(owners) - len(gone)
