"""Benchmark WebSocket clients (asyncio, `websockets`): cheap frame handling, many at once.

A client's reader sorts frames without parsing JSON: server events start with
`{"event":` (ourchat's fan-out and the raw server both write them so) and go to the
scenario's event callback; any other frame is the reply to the client's pending request, or,
with none pending, is kept in `unclaimed` (a reply that came after its request timed out,
or a frame of the gateway's own).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from benchmarks.progress import Progress

EVENT_PREFIX = '{"event":'
OPEN_SECONDS = 30.0
REPLY_SECONDS = 30.0

EventCallback = Callable[[str], None]


def _ignore(_: str) -> None:
    """An event callback that drops events."""


class BenchSocket:
    """One connected client; at most one request in flight at a time."""

    def __init__(self, socket: ClientConnection, on_event: EventCallback) -> None:
        self.socket = socket
        self.on_event = on_event
        self._reply: asyncio.Future[str] | None = None
        self.unclaimed: list[str] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for raw in self.socket:
                frame = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
                if frame.startswith(EVENT_PREFIX):
                    self.on_event(frame)
                elif self._reply is not None and not self._reply.done():
                    self._reply.set_result(frame)
                else:
                    self.unclaimed.append(frame)
        if self._reply is not None and not self._reply.done():
            self._reply.set_exception(ConnectionError("the connection closed"))

    async def send(self, frame: str) -> None:
        """Send a frame without waiting for anything."""
        await self.socket.send(frame)

    async def request(self, frame: str, timeout: float = REPLY_SECONDS) -> str:
        """Send a frame and return the next frame that is not an event.

        Raises:
            TimeoutError: No reply came in time.
            ConnectionError: The connection closed first.
        """
        reply: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._reply = reply
        await self.socket.send(frame)
        try:
            return await asyncio.wait_for(reply, timeout)
        finally:
            self._reply = None

    async def close(self) -> None:
        """Close the connection and stop reading."""
        with contextlib.suppress(ConnectionClosed, OSError):
            await self.socket.close()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


async def open_socket(
    url: str, on_event: EventCallback = _ignore, timeout: float = OPEN_SECONDS
) -> BenchSocket:
    """Connect to a WebSocket URL on this machine.

    No compression is offered (API Gateway negotiates none) and no proxy is used.

    Raises:
        OSError, websockets.exceptions.InvalidHandshake, TimeoutError: The connect failed.
    """
    socket = await connect(
        url,
        compression=None,
        proxy=None,
        open_timeout=timeout,
        ping_interval=None,
        max_size=None,
        max_queue=None,
    )
    return BenchSocket(socket, on_event)


async def open_many(
    targets: Sequence[tuple[str, EventCallback]],
    concurrency: int,
    progress: Progress | None = None,
    task: str = "connecting",
) -> list[BenchSocket]:
    """Connect to every (URL, event callback), `concurrency` handshakes at a time, in order.

    Raises:
        Exception: The first failed connect, after closing those that succeeded.
    """
    limit = asyncio.Semaphore(concurrency)
    opened = 0

    async def one(url: str, on_event: EventCallback) -> BenchSocket:
        nonlocal opened
        async with limit:
            socket = await open_socket(url, on_event)
        opened += 1
        if progress is not None:
            progress.update(task, opened, len(targets))
        return socket

    results = await asyncio.gather(*(one(*target) for target in targets), return_exceptions=True)
    sockets = [result for result in results if isinstance(result, BenchSocket)]
    failures = [result for result in results if isinstance(result, BaseException)]
    if failures:
        await close_many(sockets)
        raise failures[0]
    return sockets


async def close_many(sockets: Sequence[BenchSocket]) -> None:
    """Close every socket, all at once."""
    await asyncio.gather(*(socket.close() for socket in sockets))
