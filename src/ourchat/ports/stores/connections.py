"""The store port's connection operations: who is online, and who gets a group's events."""

from __future__ import annotations

from typing import Protocol

from ourchat.domain.models import Connection


class ConnectionStore(Protocol):
    """Live WebSocket connections."""

    def put_connection(self, connection: Connection) -> None:
        """Register a live connection and subscribe it to all of its user's groups."""
        ...

    def delete_connection(self, user_id: str, connection_id: str) -> None:
        """Forget a connection and its subscriptions; forgetting an unknown one is no error."""
        ...

    def connections_of_user(self, user_id: str, now_epoch_seconds: int) -> list[Connection]:
        """Return the user's unexpired connections, by connectionId (one keyed read)."""
        ...

    def connections_for_group(self, group_id: str, now_epoch_seconds: int) -> list[Connection]:
        """Return the unexpired connections of the group's members, ordered by connectionId.

        The cost grows with the number of these connections only, never with the number
        of connections in the whole system.
        """
        ...
