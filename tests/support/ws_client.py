"""A test client of the ourchat wire protocol over a real WebSocket (`websockets` library).

Replies and server events arrive on one socket; the client sorts them into two queues so a
test can await "the reply to my request" and "the next message.created" independently.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

from websockets.asyncio.client import ClientConnection, connect

WAIT_SECONDS = 10.0


class ChatClient:
    """One connected user."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.replies: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.events: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.others: asyncio.Queue[Any] = asyncio.Queue()
        self._ids = itertools.count(1)
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.socket:
            frame = json.loads(raw)
            if isinstance(frame, dict) and "event" in frame:
                await self.events.put(frame)
            elif isinstance(frame, dict) and "ok" in frame:
                await self.replies.put(frame)
            else:
                await self.others.put(frame)

    async def send_raw(self, data: str | bytes) -> None:
        """Send a frame as is."""
        await self.socket.send(data)

    async def request(self, action: str, **fields: Any) -> dict[str, Any]:
        """Send an action with a fresh requestId and return its reply."""
        request_id = f"r{next(self._ids)}"
        await self.socket.send(json.dumps({"action": action, "requestId": request_id, **fields}))
        reply = await self.next_reply()
        assert reply["requestId"] == request_id, reply
        assert reply["action"] == action, reply
        return reply

    async def ok(self, action: str, **fields: Any) -> dict[str, Any]:
        """Send an action and return its reply's data, failing unless ok."""
        reply = await self.request(action, **fields)
        assert reply["ok"] is True, reply
        data: dict[str, Any] = reply["data"]
        return data

    async def error(self, action: str, **fields: Any) -> dict[str, Any]:
        """Send an action and return its reply's error, failing if it succeeded."""
        reply = await self.request(action, **fields)
        assert reply["ok"] is False, reply
        error: dict[str, Any] = reply["error"]
        return error

    async def next_reply(self, timeout: float = WAIT_SECONDS) -> dict[str, Any]:
        """Wait for the next reply frame."""
        return await asyncio.wait_for(self.replies.get(), timeout)

    async def next_event(self, name: str, timeout: float = WAIT_SECONDS) -> dict[str, Any]:
        """Wait for the next server event, which must have this name; return its data."""
        frame = await asyncio.wait_for(self.events.get(), timeout)
        assert frame["event"] == name, frame
        data: dict[str, Any] = frame["data"]
        return data

    async def next_frame(self, name: str, timeout: float = WAIT_SECONDS) -> dict[str, Any]:
        """Wait for the next server event, which must have this name; return the whole frame."""
        frame = await asyncio.wait_for(self.events.get(), timeout)
        assert frame["event"] == name, frame
        return frame

    async def next_other(self, timeout: float = WAIT_SECONDS) -> Any:
        """Wait for the next frame that is neither a reply nor an event (gateway frames)."""
        return await asyncio.wait_for(self.others.get(), timeout)

    async def assert_no_event(self) -> None:
        """Check that no event is waiting, after a round trip proves the socket is drained."""
        await self.ok("listGroups")  # replies come after any event pushed before them
        await asyncio.sleep(0)  # let the reader file frames already received
        assert self.events.empty(), self.events.get_nowait()

    async def close(self) -> None:
        """Close the socket and stop reading."""
        await self.socket.close()
        self._reader.cancel()


async def eventually(condition: Callable[[], bool], timeout: float = WAIT_SECONDS) -> None:
    """Wait until a server-side condition holds, for what no client event announces.

    `$disconnect` runs on the server after the socket has closed; the client cannot await it.

    Raises:
        TimeoutError: The condition still fails after `timeout` seconds.
    """
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


@asynccontextmanager
async def chat_client(ws_url: str, token: str) -> AsyncIterator[ChatClient]:
    """Connect with a token and yield a ChatClient; closes on exit."""
    async with connect(f"{ws_url}?token={quote(token)}", open_timeout=WAIT_SECONDS) as socket:
        client = ChatClient(socket)
        try:
            yield client
        finally:
            client._reader.cancel()


async def invite_and_accept(
    inviter: ChatClient, invitee: ChatClient, group_id: str, user_id: str
) -> dict[str, Any]:
    """The inviter invites the user, whose client sees the invitation and accepts it.

    Returns:
        The invitee's new membership.
    """
    invitation = (await inviter.ok("addMember", groupId=group_id, userId=user_id))["invitation"]
    seen = await invitee.next_event("invitation.created")
    assert seen["groupId"] == group_id, seen
    assert seen["invitedBy"] == invitation["invitedBy"], seen
    return await invitee.ok("acceptInvitation", groupId=group_id)


async def join_group(
    inviter: ChatClient, url: str, token: str, group_id: str, user_id: str
) -> None:
    """The inviter invites the user, who accepts from a connection of their own, then closes it."""
    await inviter.ok("addMember", groupId=group_id, userId=user_id)
    async with chat_client(url, token) as invitee:
        await invitee.ok("acceptInvitation", groupId=group_id)
