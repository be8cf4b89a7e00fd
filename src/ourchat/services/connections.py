"""Use cases for live WebSocket connections."""

from __future__ import annotations

from datetime import timedelta

from ourchat.domain.errors import TooManyConnections
from ourchat.domain.limits import MAX_CONNECTIONS_PER_USER
from ourchat.domain.models import Connection
from ourchat.domain.timestamps import format_timestamp
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.services.fanout import announce_presence
from ourchat.services.users import ensure_user

# API Gateway closes every connection after 2 hours; a record older than that (plus a margin
# for clock skew) is stale even if its $disconnect never arrived.
CONNECTION_LIFETIME = timedelta(hours=2, minutes=5)


def register_connection(
    store: Store,
    clock: Clock,
    *,
    user_id: str,
    connection_id: str,
    lifetime: timedelta = CONNECTION_LIFETIME,
) -> Connection:
    """Record a live connection and subscribe it to the events of all the user's groups."""
    now = clock()
    connection = Connection(
        connection_id, user_id, format_timestamp(now), int((now + lifetime).timestamp())
    )
    store.put_connection(connection)
    return connection


def open_connection(
    store: Store,
    clock: Clock,
    pusher: Pusher,
    *,
    user_id: str,
    user_name: str | None,
    connection_id: str,
    max_connections: int = MAX_CONNECTIONS_PER_USER,
) -> Connection:
    """Accept a new connection: make sure its user exists, then register it.

    Args:
        user_name: The token's name claim, used only when the user is new.
        max_connections: How many live connections one user may hold; one keyed read of the
            user's connections tells, so nobody's many idle connections slow others' fan-out.

    The user's first live connection makes them online: the connections watching a group
    of theirs get presence.changed.

    Raises:
        BadRequest: The user id is malformed.
        TooManyConnections: The user holds `max_connections` live connections already.
    """
    live = store.connections_of_user(user_id, int(clock().timestamp()))
    if len(live) >= max_connections:
        raise TooManyConnections(
            f"{user_id!r} has {len(live)} live connections, the most allowed; close one first"
        )
    ensure_user(store, clock, user_id=user_id, user_name=user_name)
    connection = register_connection(store, clock, user_id=user_id, connection_id=connection_id)
    if store.come_online(connection, int(clock().timestamp())):
        announce_presence(store, pusher, clock, user_id, online=True)
    return connection


def unregister_connection(
    store: Store, clock: Clock, pusher: Pusher, *, user_id: str, connection_id: str
) -> None:
    """Forget a connection; unknown connections are ignored ($disconnect may repeat).

    The user's last live connection makes them offline, announced like coming online.
    """
    store.delete_connection(user_id, connection_id)
    if store.go_offline(user_id, connection_id, int(clock().timestamp())):
        announce_presence(store, pusher, clock, user_id, online=False)
