"""The pusher port: delivers server events to live WebSocket connections."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Pusher(Protocol):
    """Sends one payload to many connections (API Gateway's @connections POST, or in-process)."""

    def send(self, connection_ids: Sequence[str], data: bytes) -> list[str]:
        """Send `data` to every connection, best effort.

        Failures other than a vanished connection are logged by the adapter and do not raise:
        a recipient's problem must not fail the sender's request.

        Args:
            connection_ids: The recipients.
            data: The frame to send, UTF-8 JSON.

        Returns:
            The ids of connections that no longer exist (HTTP 410 Gone); the caller removes them.
        """
        ...

    def disconnect(self, connection_ids: Sequence[str]) -> None:
        """Close every connection (@connections DELETE), best effort.

        A connection that is gone already is skipped; other failures are logged by the
        adapter and do not raise. Each closed connection's client sees a normal closure
        and the gateway runs its `$disconnect`.

        Args:
            connection_ids: The connections to close.
        """
        ...

    def close(self) -> None:
        """Release the pusher's threads and connections; it is unusable afterwards."""
        ...
