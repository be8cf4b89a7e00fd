"""Large fan-outs go through the fan-out queue; each recipient still gets events in order.

Several members send at once; every member must receive every message, and each sender's
messages in the order they were sent, whether the push was inline or queued.
"""

from __future__ import annotations

import asyncio
import uuid
from contextlib import AsyncExitStack

import pytest

from ourchat.routes import FANOUT
from tests.support.local_chats import ChatFactory
from tests.support.ws_client import WAIT_SECONDS, ChatClient, chat_client

pytestmark = pytest.mark.anyio

SENDERS = 3
MESSAGES_EACH = 8
MEMBERS = 5


async def collect(client: ChatClient, count: int) -> list[str]:
    """The contents of the next `count` messages; the setup's queued events are skipped."""
    contents: list[str] = []
    while len(contents) < count:
        frame = await asyncio.wait_for(client.events.get(), WAIT_SECONDS * 2)
        if frame["event"] == "message.created":
            contents.append(frame["data"]["content"])
    return contents


async def send_all(client: ChatClient, group_id: str, thread_id: str, sender: int) -> None:
    for n in range(MESSAGES_EACH):
        await client.ok(
            "sendMessage", groupId=group_id, threadId=thread_id, content=f"s{sender}-{n:02d}"
        )


@pytest.mark.parametrize("threshold", [1, 1000], ids=["queued", "inline"])
async def test_concurrent_senders_reach_every_member_in_each_senders_order(
    make_local_chat: ChatFactory, threshold: int
) -> None:
    chat = make_local_chat(handoff_threshold=threshold)
    users = [f"q-{uuid.uuid4().hex[:8]}" for _ in range(MEMBERS)]
    async with AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(chat_client(chat.ws_url, chat.token_for(user)))
            for user in users
        ]
        owner = clients[0]
        group_id = (await owner.ok("createGroup", groupName="Big"))["groupId"]
        for user, client in zip(users[1:], clients[1:], strict=True):
            await owner.ok("addMember", groupId=group_id, userId=user)
            await client.ok("acceptInvitation", groupId=group_id)
        thread_id = (await owner.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        total = SENDERS * MESSAGES_EACH

        receivers = [asyncio.create_task(collect(client, total)) for client in clients]
        await asyncio.gather(
            *(send_all(clients[s], group_id, thread_id, s) for s in range(SENDERS))
        )
        received = await asyncio.gather(*receivers)

    for contents in received:
        assert sorted(contents) == sorted(
            f"s{s}-{n:02d}" for s in range(SENDERS) for n in range(MESSAGES_EACH)
        )
        for sender in range(SENDERS):
            mine = [c for c in contents if c.startswith(f"s{sender}-")]
            assert mine == sorted(mine)
    queued = chat.gateway.queue(FANOUT.name).consumed
    assert (queued > 0) if threshold == 1 else (queued == 0)
