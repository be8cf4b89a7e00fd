"""The life of an accepted connection: read frames, run them in order, enforce the limits."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

from starlette.websockets import WebSocket

from ourchat.gateway.close_codes import (
    ABNORMAL_CLOSURE,
    GOING_AWAY,
    MESSAGE_TOO_BIG,
    REASON_PHRASES,
)
from ourchat.gateway.config import GatewayConfig
from ourchat.gateway.connection import CloseReason, LiveConnection
from ourchat.gateway.dispatch import MessageDispatcher
from ourchat.gateway.error_frames import TOO_MANY_REQUESTS, error_frame
from ourchat.gateway.identifiers import aws_style_id
from ourchat.gateway.throttle import TokenBucket

_QUEUE_FRAMES = 256


def disconnect_reason(client: CloseReason, server: CloseReason | None) -> CloseReason:
    """Return what the $disconnect event reports for a close.

    A close the gateway started reports the gateway's code and reason. Codes the server's
    protocol layer produces (1006, 1009) get a fixed phrase; a client's close keeps its reason,
    or the code's phrase when it gave none.
    """
    if server is not None:
        return server
    if client.code in (ABNORMAL_CLOSURE, MESSAGE_TOO_BIG) or not client.reason:
        return CloseReason(client.code, REASON_PHRASES.get(client.code, ""))
    return client


class ConnectionSession:
    """Serves one accepted connection until it closes, for whatever reason.

    Frames are handled one at a time in arrival order; throttling and size checks happen as
    frames arrive, so a slow handler does not make a client look faster than it is.

    Args:
        bucket: This connection's message throttle, or None.
        clock: A monotonic clock in seconds.
    """

    def __init__(
        self,
        websocket: WebSocket,
        connection: LiveConnection,
        dispatcher: MessageDispatcher,
        config: GatewayConfig,
        bucket: TokenBucket | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._websocket = websocket
        self._connection = connection
        self._dispatcher = dispatcher
        self._config = config
        self._bucket = bucket
        self._clock = clock
        self._frames: asyncio.Queue[str | bytes | None] = asyncio.Queue(_QUEUE_FRAMES)

    async def run(self) -> CloseReason:
        """Serve the connection; return the close code and reason for $disconnect.

        Returns only after the frame being handled (if any) has finished, so that
        $disconnect never overtakes a message of the same connection.
        """
        processor = asyncio.create_task(self._process_frames())
        watchdog = asyncio.create_task(self._enforce_timeouts())
        try:
            client_close = await self._read_frames()
        finally:
            self._connection.mark_closed()
            watchdog.cancel()
            while not self._frames.empty():
                self._frames.get_nowait()
            self._frames.put_nowait(None)
            try:
                await asyncio.shield(processor)
            except asyncio.CancelledError:
                processor.cancel()
                raise
            with contextlib.suppress(asyncio.CancelledError):
                await watchdog
        return disconnect_reason(client_close, self._connection.server_close)

    async def _read_frames(self) -> CloseReason:
        """Read frames until the disconnect; queue those that pass the limits."""
        connection = self._connection
        while True:
            message = await self._websocket.receive()
            if message["type"] == "websocket.disconnect":
                return CloseReason(int(message.get("code") or 1005), message.get("reason") or "")
            frame: str | bytes | None = message.get("text")
            if frame is None:
                frame = message.get("bytes")
            if frame is None:
                continue
            connection.touch()
            size = len(frame.encode("utf-8")) if isinstance(frame, str) else len(frame)
            if size > self._config.max_message_bytes:
                # Normally the server's protocol layer already refused it; this covers servers
                # configured with a larger frame limit.
                await connection.close(MESSAGE_TOO_BIG, REASON_PHRASES[MESSAGE_TOO_BIG])
            elif self._bucket is not None and not self._bucket.try_take():
                throttled = error_frame(TOO_MANY_REQUESTS, connection.connection_id, aws_style_id())
                await connection.send(throttled)
            elif connection.is_open:
                await self._frames.put(frame)

    async def _process_frames(self) -> None:
        """Handle queued frames one by one until told to stop."""
        while (frame := await self._frames.get()) is not None:
            reply = await self._dispatcher.dispatch(self._connection, frame)
            if reply is not None:
                await self._connection.send(reply)

    async def _enforce_timeouts(self) -> None:
        """Close the connection when it idles too long or reaches its maximum duration."""
        connection = self._connection
        while connection.is_open:
            now = self._clock()
            idle_left = connection.last_frame_at + self._config.idle_timeout_seconds - now
            duration_left = connection.opened_at + self._config.max_duration_seconds - now
            left = min(idle_left, duration_left)
            if left <= 0:
                await connection.close(GOING_AWAY, REASON_PHRASES[GOING_AWAY])
                return
            await asyncio.sleep(left)
