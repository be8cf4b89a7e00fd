"""Delivery of server events to the live connections of a group's members."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from ourchat.domain.events import event_spec
from ourchat.domain.records import to_record
from ourchat.domain.timestamps import parse_timestamp
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store

# A $connect may take up to API Gateway's 29 s integration timeout; until it returns, pushes
# to the new connection answer 410 although it is about to go live.
CONNECT_GRACE = timedelta(seconds=60)

logger = logging.getLogger("ourchat.services.fanout")


def encode_event(event: str, data: Mapping[str, Any]) -> bytes:
    """Encode a server event frame: {"event": ..., "data": ...} as compact UTF-8 JSON."""
    frame = {"event": event, "data": data}
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def publish(
    store: Store, pusher: Pusher, clock: Clock, group_id: str, event: str, payload: object
) -> int:
    """Send an event to every live connection of the group's members, senders included.

    Args:
        event: A name of `ourchat.domain.events.EVENTS`.
        payload: The entity the event carries, of the type the registry gives the name.

    Publishing runs after the change it announces is committed, so it never raises: a
    failure is logged, and the caller still reports success (a retry would duplicate the
    change). Connections that turn out to be gone (HTTP 410) are removed, so they stop
    costing work, except those still inside their $connect: API Gateway answers 410 for a
    connection whose handshake has not finished, and it is about to be live.

    Returns:
        The number of connections the event was sent to (gone ones excluded).
    """
    event_spec(event, payload)  # a wrong name or payload is a bug: it raises before the push
    data = to_record(payload)
    moment = clock()
    try:
        connections = store.connections_for_group(group_id, int(moment.timestamp()))
        if not connections:
            return 0
        by_id = {connection.connection_id: connection for connection in connections}
        gone = pusher.send(list(by_id), encode_event(event, data))
        for connection_id in gone:
            connection = by_id[connection_id]
            if moment - parse_timestamp(connection.connected_at) > CONNECT_GRACE:
                store.delete_connection(connection.user_id, connection_id)
    except Exception:
        logger.exception("publishing failed", extra={"event": event, "group_id": group_id})
        return 0
    return len(by_id) - len(gone)
