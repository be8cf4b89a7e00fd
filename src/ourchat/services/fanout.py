"""Delivery of server events to live connections: a group's members, or one user's.

Publishing runs after the change it announces is committed, so it never raises: a failure
is logged, and the caller still reports success (a retry would duplicate the change).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from ourchat.domain.events import PRESENCE_CHANGED, GroupEvent, PresenceChanged, event_spec
from ourchat.domain.models import Connection
from ourchat.domain.records import to_record
from ourchat.domain.timestamps import parse_timestamp
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store

# A $connect may take up to API Gateway's 29 s integration timeout; until it returns, pushes
# to the new connection answer 410 although it is about to go live.
CONNECT_GRACE = timedelta(seconds=60)

logger = logging.getLogger("ourchat.services.fanout")


def encode_event(
    event: str, data: Mapping[str, Any], *, group_id: str | None = None, seq: int | None = None
) -> bytes:
    """Encode a server event frame as compact UTF-8 JSON.

    `{"event", "data"}`, with `"groupId"` for a group's events and `"seq"` for those of
    its numbered history.
    """
    frame: dict[str, Any] = {"event": event}
    if group_id is not None:
        frame["groupId"] = group_id
    if seq is not None:
        frame["seq"] = seq
    frame["data"] = data
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def publish(
    store: Store,
    pusher: Pusher,
    clock: Clock,
    group_id: str,
    event: str,
    payload: object,
    *,
    seq: int | None = None,
    except_user: str | None = None,
) -> int:
    """Send an event to every live connection of the group's members, senders included
    (unless `except_user` names one whose connections are left out).

    Args:
        event: A name of `ourchat.domain.events.EVENTS`.
        payload: The entity the event carries, of the type the registry gives the name.
        seq: The event's number in the group's history, for a logged event.

    Returns:
        The number of connections the event was sent to (gone ones excluded).
    """
    try:
        frame = _frame(event, payload, group_id, seq)
        connections = [
            c
            for c in store.connections_for_group(group_id, int(clock().timestamp()))
            if c.user_id != except_user
        ]
        return push(store, pusher, clock, connections, frame)
    except Exception:
        logger.exception("publishing failed", extra={"event": event, "group_id": group_id})
        return 0


def publish_event(store: Store, pusher: Pusher, clock: Clock, event: GroupEvent) -> int:
    """Publish a numbered event of a group's history to the group's members."""
    return publish(store, pusher, clock, event.group_id, event.name, event.payload, seq=event.seq)


def publish_to_user(
    store: Store,
    pusher: Pusher,
    clock: Clock,
    user_id: str,
    event: str,
    payload: object,
    *,
    group_id: str | None = None,
    seq: int | None = None,
    except_connection: str | None = None,
) -> int:
    """Send an event to one user's live connections (never raises, like `publish`).

    Args:
        except_connection: A connection of the user not to send it to (the one whose
            request caused it, which has the reply).
    """
    try:
        connections = [
            c
            for c in store.connections_of_user(user_id, int(clock().timestamp()))
            if c.connection_id != except_connection
        ]
    except Exception:
        logger.exception("publishing failed", extra={"event": event})
        return 0
    return push_event(store, pusher, clock, connections, event, payload, group_id=group_id, seq=seq)


def push_event(
    store: Store,
    pusher: Pusher,
    clock: Clock,
    connections: Sequence[Connection],
    event: str,
    payload: object,
    *,
    group_id: str | None = None,
    seq: int | None = None,
) -> int:
    """Send an event to connections the caller has read already (never raises, like
    `publish`); gone ones are forgotten as `push` forgets them."""
    try:
        return push(store, pusher, clock, connections, _frame(event, payload, group_id, seq))
    except Exception:
        logger.exception("publishing failed", extra={"event": event})
        return 0


def push(
    store: Store, pusher: Pusher, clock: Clock, connections: Sequence[Connection], frame: bytes
) -> int:
    """Push a frame to connections; forget those that turned out to be gone (HTTP 410).

    Connections still inside their $connect are spared: API Gateway answers 410 for a
    connection whose handshake has not finished, and it is about to be live.

    Returns:
        The number of connections the frame was sent to (gone ones excluded).
    """
    if not connections:
        return 0
    moment = clock()
    by_id = {connection.connection_id: connection for connection in connections}
    gone = pusher.send(list(by_id), frame)
    for connection_id in gone:
        connection = by_id[connection_id]
        if moment - parse_timestamp(connection.connected_at) > CONNECT_GRACE:
            # Its presence is left to expire with it (2 h 5 min at most): a $disconnect
            # that never came is rare, and fan-outs need no right to write users.
            store.delete_connection(connection.user_id, connection_id)
    return len(by_id) - len(gone)


def announce_presence(
    store: Store, pusher: Pusher, clock: Clock, user_id: str, *, online: bool
) -> int:
    """Tell the connections that watch a group of the user that they came or went.

    The cost is one read of the user's memberships and one of each group's watchers: pushes
    go to watchers only, never to every member of every group (never raises).

    Returns:
        The number of connections told.
    """
    try:
        now = int(clock().timestamp())
        watchers: dict[str, Connection] = {}
        for membership in store.list_memberships_of_user(user_id):
            for connection in store.presence_watchers(membership.group_id, now):
                watchers[connection.connection_id] = connection
        frame = _frame(PRESENCE_CHANGED, PresenceChanged(user_id, online), None, None)
        return push(store, pusher, clock, list(watchers.values()), frame)
    except Exception:
        logger.exception("announcing presence failed")
        return 0


def _frame(event: str, payload: object, group_id: str | None, seq: int | None) -> bytes:
    event_spec(event, payload)  # a wrong name or payload is a bug: it is logged, not pushed
    return encode_event(event, to_record(payload), group_id=group_id, seq=seq)
