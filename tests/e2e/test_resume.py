"""Nothing missed across reconnects, over real sockets: seq, sync, read state, typing, presence."""

from __future__ import annotations

import asyncio
import uuid
from contextlib import AsyncExitStack
from typing import Any

import pytest

from ourchat.local.server import LocalChat
from tests.support.ws_client import ChatClient, chat_client, invite_and_accept

pytestmark = pytest.mark.anyio


def new_user() -> str:
    return f"u-{uuid.uuid4().hex[:12]}"


async def sync_all(client: ChatClient, positions: dict[str, int]) -> dict[str, Any]:
    """Sync every page; return all events and resets."""
    groups = [{"groupId": g, "afterSeq": s} for g, s in positions.items()]
    events: list[dict[str, Any]] = []
    resets: list[str] = []
    cursor = None
    while True:
        page = await client.ok(
            "sync", groups=groups, limit=3, **({"cursor": cursor} if cursor else {})
        )
        events += page["events"]
        resets += page["resets"]
        cursor = page["nextCursor"]
        if cursor is None:
            return {"events": events, "resets": resets}


async def test_a_client_that_was_away_syncs_exactly_what_it_missed(any_chat: LocalChat) -> None:
    owner, away = new_user(), new_user()
    url = any_chat.ws_url
    async with chat_client(url, any_chat.token_for(owner, "Olive")) as o:
        group_id = (await o.ok("createGroup", groupName="G"))["groupId"]
        async with chat_client(url, any_chat.token_for(away, "Ava")) as a:
            await invite_and_accept(o, a, group_id, away)
            thread_id = (await o.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
            first = await o.ok("sendMessage", groupId=group_id, threadId=thread_id, content="one")
            seen = [
                await a.next_frame(e) for e in ("member.added", "thread.created", "message.created")
            ]
            position = seen[-1]["seq"]
        # While the member is away, the owner's connection hears everything live
        for _ in range(3):
            await o.next_event(
                "member.added" if _ == 0 else "thread.created" if _ == 1 else "message.created"
            )
        await o.ok("sendMessage", groupId=group_id, threadId=thread_id, content="two")
        await o.ok("addReaction", threadId=thread_id, messageId=first["messageId"], emoji="👍")
        await o.ok("createThread", groupId=group_id, threadName="later")
        await o.ok("updateGroup", groupId=group_id, groupName="Renamed")
        await o.ok("sendMessage", groupId=group_id, threadId=thread_id, content="three")
        names = ["message.created", "reaction.added", "thread.created", "group.updated"]
        live = [await o.next_frame(name) for name in [*names, "message.created"]]
        # When the member comes back and syncs from its last seq, three events a page
        async with chat_client(url, any_chat.token_for(away, "Ava")) as back:
            synced = await sync_all(back, {group_id: position})
    # Then it gets exactly what was pushed meanwhile, in order, without a gap
    assert synced == {"events": live, "resets": []}
    assert [e["seq"] for e in synced["events"]] == list(range(position + 1, position + 6))


async def test_fifty_senders_at_once_get_gap_free_increasing_seqs(any_chat: LocalChat) -> None:
    owner = new_user()
    url = any_chat.ws_url
    async with AsyncExitStack() as stack:
        o = await stack.enter_async_context(chat_client(url, any_chat.token_for(owner)))
        group_id = (await o.ok("createGroup", groupName="Busy"))["groupId"]
        thread_id = (await o.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        await o.next_event("thread.created")
        senders = [
            await stack.enter_async_context(chat_client(url, any_chat.token_for(owner)))
            for _ in range(9)
        ]
        everyone = [o, *senders]

        async def send(client: ChatClient, n: int) -> int:
            message = await client.ok(
                "sendMessage", groupId=group_id, threadId=thread_id, content=f"m{n}"
            )
            return int(message["seq"])

        seqs = await asyncio.wait_for(
            asyncio.gather(*(send(everyone[n % 10], n) for n in range(50))), timeout=120
        )
        # Every send got its own seq, 2..51 (1 was thread.created)
        assert sorted(seqs) == list(range(2, 52))
        # And every connection received each of them once. Not necessarily in order: each
        # send is pushed by its own handler, as each is by its own Lambda on AWS, so a
        # client puts them in order by seq (docs/protocol.md, "Resuming").
        for client in everyone:
            received = [(await client.next_frame("message.created"))["seq"] for _ in range(50)]
            assert sorted(received) == list(range(2, 52))


async def test_read_state_typing_and_presence_over_sockets(any_chat: LocalChat) -> None:
    reader, writer = new_user(), new_user()
    url = any_chat.ws_url
    async with (
        chat_client(url, any_chat.token_for(reader, "Rae")) as r1,
        chat_client(url, any_chat.token_for(reader, "Rae")) as r2,
        chat_client(url, any_chat.token_for(writer, "Wes")) as w,
    ):
        group_id = (await r1.ok("createGroup", groupName="G"))["groupId"]
        await invite_and_accept(r1, w, group_id, writer)
        thread_id = (await r1.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        for client in (r1, r2, w):
            await client.next_event("member.added")
            await client.next_event("thread.created")
        sent = [
            await w.ok("sendMessage", groupId=group_id, threadId=thread_id, content=f"m{n}")
            for n in range(3)
        ]
        for client in (r1, r2, w):
            for _ in sent:
                await client.next_event("message.created")
        # Unread counts from the server, for the thread and the group
        threads = (await r1.ok("getThreadsByGroup", groupId=group_id))["threads"]
        assert (threads[0]["unreadCount"], "lastReadMessageId" in threads[0]) == (3, False)
        assert (await r1.ok("listGroups"))["groups"][0]["unreadCount"] == 3
        # markRead moves the pointer; the reader's other connection hears it, nobody else
        pointer = await r1.ok("markRead", threadId=thread_id, messageId=sent[1]["messageId"])
        assert pointer == {
            "groupId": group_id,
            "threadId": thread_id,
            "messageId": sent[1]["messageId"],
        }
        assert await r2.next_event("read.updated") == pointer
        threads = (await r2.ok("getThreadsByGroup", groupId=group_id))["threads"]
        assert (threads[0]["unreadCount"], threads[0]["lastReadMessageId"]) == (
            1,
            sent[1]["messageId"],
        )
        # Typing reaches the others once per 3 s, never the typist
        assert await w.ok("typing", threadId=thread_id) == {}
        await w.ok("typing", threadId=thread_id)
        for client in (r1, r2):
            assert await client.next_frame("typing") == {
                "event": "typing",
                "groupId": group_id,
                "data": {"groupId": group_id, "threadId": thread_id, "userId": writer},
            }
        # Presence: a watcher hears the writer's first connection and last disconnection
        await r1.ok("watchPresence", groupId=group_id)
        members = (await r1.ok("listMembers", groupId=group_id))["members"]
        assert {m["userId"]: m["online"] for m in members} == {reader: True, writer: True}
        async with chat_client(url, any_chat.token_for(writer)) as w2:
            await w2.ok("listGroups")  # a second connection: not a change of presence
        await w.close()
        assert await r1.next_event("presence.changed") == {"userId": writer, "online": False}
        async with chat_client(url, any_chat.token_for(writer)):
            assert await r1.next_event("presence.changed") == {"userId": writer, "online": True}
        assert await r1.next_event("presence.changed") == {"userId": writer, "online": False}
        for client in (r1, r2):
            await client.assert_no_event()
