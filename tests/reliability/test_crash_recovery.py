"""Nothing acknowledged is lost when `ourchat serve` is killed with SIGKILL under load.

Several clients send messages with clientMessageIds, one at a time each, recording every
ack. The server (SQLite, synchronous=FULL) is killed mid-load and restarted on the same data
directory. Every acked message must be there, in order, exactly once; resending everything
unacked (and one acked message, as if its ack had been lost) with the same clientMessageIds
must complete each history without a duplicate.

The kill lands at the worst moment for one send: a watching member has just received its
`message.created` event, which the server pushes after the commit and before the ack.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from benchmarks.ourchat_serve import serve_process
from ourchat.cli.token import local_token
from ourchat.throttling import CONNECTION_LIMITS
from tests.support.ws_client import ChatClient, chat_client, join_group

pytestmark = pytest.mark.anyio

CLIENTS = 4
PLANNED = 24
KILL_AFTER_ACKS = 40
# One frame per client at a time, kept under the stage's per-connection rate.
PACE_SECONDS = 1.1 / CONNECTION_LIMITS.rate_per_second


@dataclass
class Sender:
    """One client's plan and what the server acknowledged of it."""

    user_id: str
    thread_id: str = ""
    acked: list[dict[str, Any]] = field(default_factory=list)

    def content(self, index: int) -> str:
        return f"{self.user_id} #{index}"

    def client_message_id(self, index: int) -> str:
        return f"{self.user_id[-8:]}-{index}"

    async def send(self, client: ChatClient, group_id: str, index: int) -> dict[str, Any]:
        return await client.ok(
            "sendMessage",
            groupId=group_id,
            threadId=self.thread_id,
            content=self.content(index),
            clientMessageId=self.client_message_id(index),
        )


@dataclass
class Load:
    """The shared state of the senders: acks so far, and the send the kill is aimed at."""

    group_id: str
    acks: int = 0
    victim: str | None = None


async def history(client: ChatClient, thread_id: str) -> list[dict[str, Any]]:
    """Every message of a thread, oldest first, through every page."""
    newest_first: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        fields = {"before": cursor} if cursor else {}
        page = await client.ok("getLastMessages", threadId=thread_id, limit=100, **fields)
        newest_first += page["messages"]
        cursor = page["nextCursor"]
        if cursor is None:
            return newest_first[::-1]


async def set_up_group(ws_url: str, tokens: dict[str, str], senders: list[Sender]) -> str:
    """Create a group of every sender with one thread per sender; return the group id."""
    for sender in senders[1:]:
        async with chat_client(ws_url, tokens[sender.user_id]):
            pass  # connecting once creates the user, who can then be invited
    async with chat_client(ws_url, tokens[senders[0].user_id]) as owner:
        group_id: str = (await owner.ok("createGroup", groupName="Crash"))["groupId"]
        for sender in senders[1:]:
            await join_group(owner, ws_url, tokens[sender.user_id], group_id, sender.user_id)
        for sender in senders:
            thread = await owner.ok("createThread", groupId=group_id, threadName=sender.user_id)
            sender.thread_id = thread["threadId"]
    return group_id


async def send_steadily(ws_url: str, token: str, sender: Sender, load: Load, aim: bool) -> None:
    """Send the planned messages one by one until cancelled; `aim` picks the kill's target."""
    async with chat_client(ws_url, token) as client:
        for index in range(PLANNED):
            if aim and load.victim is None and load.acks >= KILL_AFTER_ACKS:
                load.victim = sender.content(index)
            sender.acked.append(await sender.send(client, load.group_id, index))
            load.acks += 1
            await asyncio.sleep(PACE_SECONDS)


async def victim_committed(watcher: ChatClient, load: Load) -> None:
    """Return once the watcher receives the event of the targeted send (it is committed)."""
    while True:
        event = await watcher.next_event("message.created")
        if event["content"] == load.victim:
            return


async def check_then_resend(ws_url: str, token: str, sender: Sender, load: Load) -> None:
    """Check one sender's history after the restart, then resend and check it is complete."""
    async with chat_client(ws_url, token) as client:
        stored = await history(client, sender.thread_id)
        acked = len(sender.acked)
        # Every acked message is there, in order, once; of the unacked, at most the one in
        # flight at the kill was stored, and the targeted one was (its event was pushed).
        assert stored[:acked] == sender.acked
        assert [m["content"] for m in stored] == [sender.content(i) for i in range(len(stored))]
        assert len(stored) - acked in (0, 1)
        if load.victim is not None and load.victim.startswith(f"{sender.user_id} #"):
            assert load.victim in (m["content"] for m in stored)
        # The thread's lastMessageAt was written with its newest message, or not at all.
        threads = (await client.ok("getThreadsByGroup", groupId=load.group_id))["threads"]
        [thread] = [t for t in threads if t["threadId"] == sender.thread_id]
        assert thread["lastMessageAt"] == stored[-1]["createdAt"]

        # When the client resends its last acked message (as if the ack was lost) and every
        # unacked one, with the same clientMessageIds
        for index in range(max(acked - 1, 0), PLANNED):
            resent = await sender.send(client, load.group_id, index)
            if index < len(stored):
                assert resent == stored[index]
            await asyncio.sleep(PACE_SECONDS)

        # Then every planned message is stored exactly once, in order
        final = await history(client, sender.thread_id)
        assert [m["content"] for m in final] == [sender.content(i) for i in range(PLANNED)]
        assert len({m["messageId"] for m in final}) == PLANNED


async def test_acked_messages_survive_sigkill_and_resends_do_not_duplicate(tmp_path: Path) -> None:
    data_dir, log = tmp_path / "data", tmp_path / "serve.log"
    senders = [Sender(f"crash-{n}-{uuid.uuid4().hex[:8]}") for n in range(CLIENTS)]
    tokens = {s.user_id: local_token(data_dir, s.user_id, None) for s in senders}

    # Given clients sending steadily, when the server is SIGKILLed mid-load
    with serve_process(data_dir, log) as server:
        load = Load(await set_up_group(server.url, tokens, senders))
        async with (
            chat_client(server.url, tokens[senders[0].user_id]) as watcher,
            asyncio.TaskGroup() as running,
        ):
            tasks = [
                running.create_task(
                    send_steadily(server.url, tokens[s.user_id], s, load, aim=s is senders[0])
                )
                for s in senders
            ]
            await victim_committed(watcher, load)
            server.kill()
            for task in tasks:
                task.cancel()
    victim_acked = any(m["content"] == load.victim for m in senders[0].acked)
    assert load.acks >= KILL_AFTER_ACKS
    assert all(len(sender.acked) < PLANNED for sender in senders)

    # Then, restarted on the same data directory, nothing acked is lost and resends are safe
    with serve_process(data_dir, log) as server:
        async with asyncio.TaskGroup() as checks:
            for sender in senders:
                checks.create_task(
                    check_then_resend(server.url, tokens[sender.user_id], sender, load)
                )
        assert server.stop() == 0
    print(f"crash: {load.acks} acks before SIGKILL; the targeted send acked: {victim_acked}")
