"""The gateway's table of live connections, by id."""

from __future__ import annotations

import asyncio
import logging

from ourchat.gateway.connection import LiveConnection

logger = logging.getLogger("ourchat.gateway")


class ConnectionRegistry:
    """The connections between their acceptance and the end of their $disconnect.

    Only the event loop that serves the connections may use it.
    """

    def __init__(self) -> None:
        self._connections: dict[str, LiveConnection] = {}

    def add(self, connection: LiveConnection) -> None:
        """Register an accepted connection."""
        self._connections[connection.connection_id] = connection

    def remove(self, connection: LiveConnection) -> None:
        """Forget a connection whose $disconnect has run."""
        if self._connections.get(connection.connection_id) is connection:
            del self._connections[connection.connection_id]

    def get_open(self, connection_id: str) -> LiveConnection | None:
        """Return the connection if it is open (not closing), else None."""
        connection = self._connections.get(connection_id)
        if connection is None or not connection.is_open:
            return None
        return connection

    def __len__(self) -> int:
        return len(self._connections)

    async def close_all(self, code: int, reason: str, timeout: float) -> None:
        """Close every connection and wait until their $disconnect handlers have run.

        Args:
            timeout: The longest wait in seconds; stragglers are logged and left behind.
        """
        connections = list(self._connections.values())
        for connection in connections:
            await connection.close(code, reason)
        waits = [asyncio.ensure_future(connection.finished.wait()) for connection in connections]
        if not waits:
            return
        _, pending = await asyncio.wait(waits, timeout=timeout)
        for waiter in pending:
            waiter.cancel()
        if pending:
            logger.warning("%d connections did not finish closing in %ss", len(pending), timeout)
