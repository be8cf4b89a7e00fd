"""A client killed at random points rebuilds the server's state with sync, gap-free.

Hypothesis draws a stream of mixed changes (messages, edits, deletions, reactions, threads,
a member joining and leaving) made by two writers, while an observer's connection is
killed and reconnected at random points. The observer applies live events and, after each
reconnect, `sync` from its last seq: its state must equal the server's, every seq applied
once, none skipped, on SQLite and on DynamoDB (moto). Set OURCHAT_RESUME_EXAMPLES for a
longer hunt.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ourchat.local.server import LocalChat
from tests.support.local_chats import ChatFactory
from tests.support.ws_client import ChatClient, chat_client

EXAMPLES = int(os.environ.get("OURCHAT_RESUME_EXAMPLES", "4"))
KINDS = (
    "send",
    "send",
    "send",
    "edit",
    "delete",
    "react",
    "unreact",
    "thread",
    "join",
    "leave",
    "kill",
    "kill",
)
EMOJI = ("👍", "🎉")


@dataclass
class Observer:
    """What the observer's client knows, built from events only."""

    position: int = 0
    applied: list[int] = field(default_factory=list)
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)
    reactors: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    threads: set[str] = field(default_factory=set)
    members: set[str] = field(default_factory=set)

    def apply(self, frame: dict[str, Any]) -> None:
        """Apply one history event in seq order; older ones are duplicates and skipped."""
        seq = frame["seq"]
        if seq <= self.position:
            return
        assert seq == self.position + 1, f"gap: {self.position} then {seq}"
        self.position = seq
        self.applied.append(seq)
        name, data = frame["event"], frame["data"]
        if name in ("message.created", "message.updated"):
            self.messages[data["messageId"]] = data
        elif name == "message.deleted":
            message = self.messages[data["messageId"]]
            message.update(content="", deletedAt=data["deletedAt"])
            message.pop("reactions", None)
            message.pop("replyTo", None)
            for key in [k for k in self.reactors if k[0] == data["messageId"]]:
                del self.reactors[key]
        elif name in ("reaction.added", "reaction.removed"):
            users = self.reactors.setdefault((data["messageId"], data["emoji"]), set())
            (users.add if name == "reaction.added" else users.discard)(data["userId"])
        elif name == "thread.created":
            self.threads.add(data["threadId"])
        elif name == "member.added":
            self.members.add(data["userId"])
        elif name == "member.removed":
            self.members.discard(data["userId"])

    def reactions_of(self, message_id: str) -> dict[str, int]:
        return {e: len(u) for (m, e), u in self.reactors.items() if m == message_id and u}


@dataclass
class Scene:
    """The group, its writers and what they made."""

    chat: LocalChat
    group_id: str
    writers: list[ChatClient]
    guest: str
    threads: list[str]
    messages: list[tuple[str, str, int]] = field(default_factory=list)  # (thread, id, writer)


async def drain_live(client: ChatClient, observer: Observer, pending: list[dict[str, Any]]) -> None:
    """Apply the live events that arrived, in seq order (pushes of racing changes may come
    out of order; what is still missing after them is left for sync)."""
    while not client.events.empty():
        frame = client.events.get_nowait()
        if "seq" in frame:
            pending.append(frame)
    pending.sort(key=lambda f: f["seq"])
    while pending and pending[0]["seq"] <= observer.position + 1:
        observer.apply(pending.pop(0))


async def resync(client: ChatClient, scene: Scene, observer: Observer) -> None:
    cursor: str | None = None
    while True:
        extra: dict[str, str] = {"cursor": cursor} if cursor else {}
        groups = [{"groupId": scene.group_id, "afterSeq": observer.position}]
        page = await client.ok("sync", groups=groups, limit=7, **extra)
        assert page["resets"] == []
        for frame in page["events"]:
            observer.apply(frame)
        cursor = page["nextCursor"]
        if cursor is None:
            return


async def act(scene: Scene, kind: str, pick: int) -> None:
    writer_index = pick % 2
    writer = scene.writers[writer_index]
    live = list(scene.messages)
    if kind == "send" or (kind in ("edit", "delete", "react", "unreact") and not live):
        thread = scene.threads[pick % len(scene.threads)]
        sent = await writer.ok(
            "sendMessage", groupId=scene.group_id, threadId=thread, content=f"m{pick}"
        )
        scene.messages.append((thread, sent["messageId"], writer_index))
    elif kind in ("edit", "delete"):
        thread, message_id, owner = live[pick % len(live)]
        action = "editMessage" if kind == "edit" else "deleteMessage"
        fields = {"content": f"e{pick}"} if kind == "edit" else {}
        reply = await scene.writers[owner].request(
            action, threadId=thread, messageId=message_id, **fields
        )
        assert reply["ok"] or reply["error"]["code"] == "conflict"  # editing a tombstone
    elif kind in ("react", "unreact"):
        thread, message_id, _ = live[pick % len(live)]
        action = "addReaction" if kind == "react" else "removeReaction"
        reply = await writer.request(
            action, threadId=thread, messageId=message_id, emoji=EMOJI[pick % 2]
        )
        assert reply["ok"] or reply["error"]["code"] == "conflict"
    elif kind == "thread":
        made = await writer.ok("createThread", groupId=scene.group_id, threadName=f"t{pick}")
        scene.threads.append(made["threadId"])
    elif kind in ("join", "leave"):
        await join_or_leave(scene, kind)


async def join_or_leave(scene: Scene, kind: str) -> None:
    chat, owner = scene.chat, scene.writers[0]
    async with chat_client(chat.ws_url, chat.token_for(scene.guest)) as guest:
        if kind == "join":
            invited = await owner.request("addMember", groupId=scene.group_id, userId=scene.guest)
            if invited["ok"]:
                await guest.ok("acceptInvitation", groupId=scene.group_id)
        else:
            await guest.request("leaveGroup", groupId=scene.group_id)


async def server_state(
    client: ChatClient, scene: Scene
) -> tuple[dict[str, dict[str, Any]], set[str], set[str]]:
    messages: dict[str, dict[str, Any]] = {}
    for thread in scene.threads:
        page = await client.ok("getLastMessages", threadId=thread, limit=100)
        messages |= {m["messageId"]: m for m in page["messages"]}
    threads = {
        t["threadId"]
        for t in (await client.ok("getThreadsByGroup", groupId=scene.group_id, limit=100))[
            "threads"
        ]
    }
    members = {
        m["userId"] for m in (await client.ok("listMembers", groupId=scene.group_id))["members"]
    }
    return messages, threads, members


async def scenario(chat: LocalChat, steps: list[tuple[str, int]]) -> None:
    owner, writer, watcher = (f"u-{uuid.uuid4().hex[:10]}" for _ in range(3))
    async with AsyncExitStack() as stack:
        o = await stack.enter_async_context(chat_client(chat.ws_url, chat.token_for(owner)))
        w = await stack.enter_async_context(chat_client(chat.ws_url, chat.token_for(writer)))
        group_id = (await o.ok("createGroup", groupName="Resume"))["groupId"]
        for user in (writer, watcher):
            async with chat_client(chat.ws_url, chat.token_for(user)) as newcomer:
                await o.ok("addMember", groupId=group_id, userId=user)
                await newcomer.ok("acceptInvitation", groupId=group_id)
        first = await o.ok("createThread", groupId=group_id, threadName="main")
        scene = Scene(chat, group_id, [o, w], f"u-{uuid.uuid4().hex[:10]}", [first["threadId"]])
        async with chat_client(chat.ws_url, chat.token_for(scene.guest)):
            pass  # the guest exists, to be invited later
        observer = Observer(members={owner, writer, watcher}, threads={first["threadId"]})
        listed = (await o.ok("listGroups"))["groups"]
        start = observer.position = next(g["seq"] for g in listed if g["groupId"] == group_id)
        observed: ChatClient | None = await stack.enter_async_context(
            chat_client(chat.ws_url, chat.token_for(watcher))
        )
        pending: list[dict[str, Any]] = []
        for kind, pick in steps:
            if kind == "kill":
                if observed is not None:
                    observed.socket.transport.abort()  # no close handshake: it just dies
                    observed = None
                    pending.clear()
                else:
                    observed = await stack.enter_async_context(
                        chat_client(chat.ws_url, chat.token_for(watcher))
                    )
                    await resync(observed, scene, observer)
                continue
            await act(scene, kind, pick)
            if observed is not None:
                await drain_live(observed, observer, pending)
        # At the end the observer (re)connects and syncs, as after any reconnect
        final = await stack.enter_async_context(chat_client(chat.ws_url, chat.token_for(watcher)))
        await resync(final, scene, observer)
        messages, threads, members = await server_state(final, scene)
    # Every seq applied once, none skipped, and the rebuilt state is the server's
    assert observer.applied == list(range(start + 1, observer.position + 1))
    assert observer.threads == threads
    assert observer.members == members
    assert set(observer.messages) == set(messages)
    for message_id, message in messages.items():
        known = dict(observer.messages[message_id])
        counts = {r["emoji"]: r["count"] for r in message.get("reactions", [])}
        assert observer.reactions_of(message_id) == counts, message_id
        known.pop("reactions", None)
        assert known == {k: v for k, v in message.items() if k != "reactions"}, message_id


@pytest.mark.parametrize("store", ["sqlite", "dynamodb"])
def test_a_killed_client_resumes_without_gaps_or_duplicates(
    make_local_chat: ChatFactory, store: str
) -> None:
    chat = make_local_chat(store)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(
        steps=st.lists(
            st.tuples(st.sampled_from(KINDS), st.integers(0, 1_000)), min_size=10, max_size=40
        )
    )
    def run(steps: list[tuple[str, int]]) -> None:
        asyncio.run(asyncio.wait_for(scenario(chat, steps), timeout=120))

    run()
