"""The physical limit: a minimal broadcast server on the `websockets` library alone.

No persistence, no authorization, no handlers: a client joins the room named by its URL
path, and every frame it sends is broadcast to the room (the sender included), then
acknowledged to the sender with `{"ok":true}`. ourchat's figures are reported as ratios to
this server's, measured in the same run with the same clients.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve

from benchmarks.serve_child import python_server
from benchmarks.server_process import ServerProcess

ACK = '{"ok":true}'


class BroadcastRooms:
    """The rooms of the raw server: URL path -> the connections in it."""

    def __init__(self) -> None:
        self.rooms: dict[str, set[ServerConnection]] = {}

    async def handle(self, connection: ServerConnection) -> None:
        """Serve one connection: join its room, broadcast what it sends, acknowledge it."""
        path = connection.request.path if connection.request is not None else "/"
        room = self.rooms.setdefault(path, set())
        room.add(connection)
        try:
            async for frame in connection:
                broadcast(room, frame)
                await connection.send(ACK)
        finally:
            room.discard(connection)


def start_raw_server(host: str = "127.0.0.1") -> tuple[str, Callable[[], None]]:
    """Run the broadcast server on a free port in a background thread.

    Returns:
        Its base URL (`ws://127.0.0.1:PORT`) and a function that stops it.
    """
    loop = asyncio.new_event_loop()
    ready: asyncio.Future[Server] = loop.create_future()
    rooms = BroadcastRooms()

    async def main() -> None:
        try:
            # No compression: the clients offer none, as with ourchat's gateway.
            server = await serve(rooms.handle, host, 0, compression=None, max_queue=None)
        except OSError as error:
            ready.set_exception(error)
            return
        ready.set_result(server)
        await server.wait_closed()

    def run() -> None:
        loop.run_until_complete(main())

    thread = threading.Thread(target=run, name="raw-broadcast", daemon=True)
    thread.start()
    server = asyncio.run_coroutine_threadsafe(_wait(ready), loop).result(timeout=30)
    port = next(iter(server.sockets)).getsockname()[1]

    def stop() -> None:
        loop.call_soon_threadsafe(server.close)
        thread.join(10)

    return f"ws://{host}:{port}", stop


async def _wait(ready: asyncio.Future[Server]) -> Server:
    return await ready


def raw_server(log_path: Path) -> ServerProcess:
    """The broadcast server in a child process (not yet launched)."""
    return python_server("raw", "benchmarks.raw_server:start_raw_server", log_path)
