"""The raw broadcast baseline: rooms, broadcast to everyone in the room, an ack to the sender."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from benchmarks.raw_server import ACK, start_raw_server
from benchmarks.wire import open_socket

pytestmark = pytest.mark.anyio


@pytest.fixture
def raw_url() -> Iterator[str]:
    url, stop = start_raw_server()
    try:
        yield url
    finally:
        stop()


async def test_a_frame_reaches_its_room_only_and_is_acked(raw_url: str) -> None:
    # Given two members of room a and one of room b
    got: dict[str, asyncio.Queue[str]] = {name: asyncio.Queue() for name in ("a1", "a2", "b1")}
    sockets = {
        name: await open_socket(f"{raw_url}/{name[0]}", got[name].put_nowait) for name in got
    }
    try:
        # When a1 sends an event-shaped frame
        frame = '{"event":"x","data":{}}'
        reply = await sockets["a1"].request(frame)
        # Then a1 is acked, both members of room a receive it, and room b does not
        assert reply == ACK
        assert await asyncio.wait_for(got["a1"].get(), 5) == frame
        assert await asyncio.wait_for(got["a2"].get(), 5) == frame
        await sockets["b1"].request(frame)  # b1's own frame comes back before any other
        assert await asyncio.wait_for(got["b1"].get(), 5) == frame
        assert got["b1"].empty()
    finally:
        for socket in sockets.values():
            await socket.close()
