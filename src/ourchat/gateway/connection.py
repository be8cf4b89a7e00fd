"""One accepted WebSocket connection: its facts, and the only ways to write to it or close it."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from starlette.websockets import WebSocket, WebSocketDisconnect

from ourchat.gateway.events import AuthorizerContext, UpgradeRequest
from ourchat.gateway.protocol import SCOPE_KEY, GatewayWebSocketProtocol, serialize_text

logger = logging.getLogger("ourchat.gateway")


@dataclass(frozen=True, slots=True)
class CloseReason:
    """A close code and its reason, as the $disconnect event reports them."""

    code: int
    reason: str


def frame_for(data: bytes) -> str | bytes:
    """Return pushed data as a text frame when it is UTF-8, otherwise as a binary frame."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


class LiveConnection:
    """An open connection, as the routes, the @connections API and the timers see it.

    Only the event loop that serves the connection may call its methods.

    Args:
        clock: A monotonic clock in seconds, for the idle and duration timers.
    """

    def __init__(
        self,
        websocket: WebSocket,
        upgrade: UpgradeRequest,
        authorizer: AuthorizerContext | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.upgrade = upgrade
        self.authorizer = authorizer
        self.last_active_at = upgrade.connected_at
        self.opened_at = clock()
        self.last_frame_at = self.opened_at
        self.server_close: CloseReason | None = None
        self.finished = asyncio.Event()
        self._websocket = websocket
        self._clock = clock
        self._open = True
        self._send_lock = asyncio.Lock()
        protocol = websocket.scope.get(SCOPE_KEY)
        self._protocol = protocol if isinstance(protocol, GatewayWebSocketProtocol) else None

    @property
    def connection_id(self) -> str:
        """The connection's id."""
        return self.upgrade.connection_id

    @property
    def is_open(self) -> bool:
        """False from the moment either side starts closing the connection."""
        return self._open

    def touch(self) -> None:
        """Record a frame from the client (it resets the idle timer)."""
        self.last_frame_at = self._clock()
        self.last_active_at = datetime.now(UTC)

    def mark_closed(self) -> None:
        """Record that the client has gone, so that nothing more is sent."""
        self._open = False

    def send_now(self, data: bytes, serialized: bytes) -> bool:
        """Write a text frame at once, if nothing is queued ahead of it and there is room.

        Args:
            data: The UTF-8 payload.
            serialized: `serialize_text(data)` (shared by a fan-out's recipients).

        Returns:
            False when the frame must be sent with `send` instead (which keeps the order).
        """
        if not self._open or self._protocol is None or self._send_lock.locked():
            return False
        return self._protocol.write_text_now(data, serialized)

    async def send(self, frame: str | bytes) -> bool:
        """Send one frame, in order with the other sends; False when the connection is gone."""
        if isinstance(frame, str) and self._open and not self._send_lock.locked():
            data = frame.encode("utf-8")
            if self.send_now(data, serialize_text(data)):
                return True
        async with self._send_lock:
            if not self._open:
                return False
            try:
                if isinstance(frame, str):
                    await self._websocket.send_text(frame)
                else:
                    await self._websocket.send_bytes(frame)
            except (WebSocketDisconnect, RuntimeError, OSError):
                self._open = False
                return False
            return True

    async def close(self, code: int, reason: str) -> bool:
        """Close the connection from the server side; False if it was already closing.

        Does not wait for pending sends: a client that stopped reading must not keep its
        connection open past a timeout.
        """
        if not self._open:
            return False
        self._open = False
        self.server_close = CloseReason(code, reason)
        try:
            await self._websocket.close(code, reason)
        except (WebSocketDisconnect, RuntimeError, OSError):
            logger.debug("close of %s raced with the client", self.connection_id)
        return True
