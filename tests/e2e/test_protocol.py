"""The whole wire protocol over real sockets, on each store and with each pusher."""

from __future__ import annotations

import json
import uuid

import pytest

from ourchat.local.server import LocalChat
from tests.support.ws_client import chat_client, invite_and_accept

pytestmark = pytest.mark.anyio


def new_user() -> str:
    return f"u-{uuid.uuid4().hex[:12]}"


async def test_group_chat_end_to_end(any_chat: LocalChat) -> None:
    alice, bob, carol = new_user(), new_user(), new_user()
    url = any_chat.ws_url
    async with (
        chat_client(url, any_chat.token_for(alice, "Alice")) as a1,
        chat_client(url, any_chat.token_for(alice, "Alice")) as a2,
        chat_client(url, any_chat.token_for(bob, "Bob")) as b,
        chat_client(url, any_chat.token_for(carol, "Carol")) as c,
    ):
        # Given alice's profile and a group she owns
        profile = await a1.ok("createUser", userName="Alice A.", dateOfBirth="1990-05-01")
        assert (profile["userId"], profile["userName"]) == (alice, "Alice A.")
        group = await a1.ok("createGroup", groupName="Team", emoticon="🎉")
        group_id = group["groupId"]
        # When she invites bob (who exists because he connected) and he accepts, every member
        # connection hears it, his own too
        membership = await invite_and_accept(a1, b, group_id, bob)
        assert (membership["role"], membership["joinedSeq"]) == ("member", 1)
        for client in (a1, a2, b):
            frame = await client.next_frame("member.added")
            assert frame == {
                "event": "member.added",
                "groupId": group_id,
                "seq": 1,
                "data": {"groupId": group_id, "userId": bob, "role": "member"},
            }
        # And a new thread reaches all member connections
        thread = await b.ok("createThread", groupId=group_id, threadName="general", color="#1E90FF")
        for client in (a1, a2, b):
            assert (await client.next_event("thread.created"))["threadId"] == thread["threadId"]
        # When alice sends a message, all member connections (her other device too) get it
        message = await a1.ok(
            "sendMessage", groupId=group_id, threadId=thread["threadId"], content="hello 👋"
        )
        assert message["senderUserId"] == alice
        for client in (a1, a2, b):
            assert await client.next_event("message.created") == message
        assert message["seq"] == 3
        # Then carol, no member, heard nothing at all
        await c.assert_no_event()
        # And the group's lastMessageAt moved to the message
        groups = (await b.ok("listGroups"))["groups"]
        assert [g["groupId"] for g in groups] == [group_id]
        assert groups[0]["lastMessageAt"] == message["createdAt"]


async def test_history_and_threads_are_ordered_and_paged(any_chat: LocalChat) -> None:
    alice = new_user()
    async with chat_client(any_chat.ws_url, any_chat.token_for(alice)) as a:
        group_id = (await a.ok("createGroup", groupName="G"))["groupId"]
        threads = [
            await a.ok("createThread", groupId=group_id, threadName=f"t{i}") for i in range(3)
        ]
        sent = []
        for i in range(23):
            sent.append(
                await a.ok(
                    "sendMessage",
                    groupId=group_id,
                    threadId=threads[0]["threadId"],
                    content=f"m{i}",
                )
            )
        # getLastMessages: the 10 most recent, newest first, then older pages by cursor
        pages: list[list[str]] = []
        cursor: str | None = None
        while True:
            fields: dict[str, str] = {"before": cursor} if cursor else {}
            page = await a.ok("getLastMessages", threadId=threads[0]["threadId"], **fields)
            pages.append([m["content"] for m in page["messages"]])
            cursor = page["nextCursor"]
            if cursor is None:
                break
        assert [len(p) for p in pages] == [10, 10, 3]
        assert [c for page in pages for c in page] == [f"m{i}" for i in reversed(range(23))]
        # getThreadsByGroup: most recent message first; a message moves a thread to the top
        await a.ok("sendMessage", groupId=group_id, threadId=threads[1]["threadId"], content="x")
        listed = await a.ok("getThreadsByGroup", groupId=group_id, limit=2)
        order = [t["threadName"] for t in listed["threads"]]
        rest = await a.ok("getThreadsByGroup", groupId=group_id, cursor=listed["nextCursor"])
        assert order + [t["threadName"] for t in rest["threads"]] == ["t1", "t0", "t2"]
        assert rest["nextCursor"] is None


async def test_resend_with_same_client_message_id_is_idempotent(any_chat: LocalChat) -> None:
    alice = new_user()
    async with chat_client(any_chat.ws_url, any_chat.token_for(alice)) as a:
        group_id = (await a.ok("createGroup", groupName="G"))["groupId"]
        thread_id = (await a.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        fields = {"groupId": group_id, "threadId": thread_id, "clientMessageId": "c-1"}
        first = await a.ok("sendMessage", content="once", **fields)
        again = await a.ok("sendMessage", content="once", **fields)
        assert again == first
        history = await a.ok("getLastMessages", threadId=thread_id)
        assert [m["messageId"] for m in history["messages"]] == [first["messageId"]]


async def test_non_members_are_forbidden_everywhere(any_chat: LocalChat) -> None:
    owner, stranger = new_user(), new_user()
    async with (
        chat_client(any_chat.ws_url, any_chat.token_for(owner)) as o,
        chat_client(any_chat.ws_url, any_chat.token_for(stranger)) as s,
    ):
        group_id = (await o.ok("createGroup", groupName="Private"))["groupId"]
        thread_id = (await o.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        attempts = [
            ("getLastMessages", {"threadId": thread_id}),
            ("getThreadsByGroup", {"groupId": group_id}),
            ("sendMessage", {"groupId": group_id, "threadId": thread_id, "content": "hi"}),
            ("addMember", {"groupId": group_id, "userId": stranger}),
            ("createThread", {"groupId": group_id, "threadName": "mine"}),
        ]
        for action, fields in attempts:
            assert (await s.error(action, **fields))["code"] == "forbidden", action
        # Nothing leaked into the group
        history = await o.ok("getLastMessages", threadId=thread_id)
        assert history["messages"] == []
        threads = await o.ok("getThreadsByGroup", groupId=group_id)
        assert [t["threadId"] for t in threads["threads"]] == [thread_id]


async def test_a_page_of_large_messages_fits_in_one_frame(local_chat: LocalChat) -> None:
    # Given ten messages of 4,000 four-byte emoji (16,000 bytes of UTF-8 each)
    alice = new_user()
    async with chat_client(local_chat.ws_url, local_chat.token_for(alice)) as a:
        group_id = (await a.ok("createGroup", groupName="G"))["groupId"]
        thread_id = (await a.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        for _ in range(10):
            await a.ok("sendMessage", groupId=group_id, threadId=thread_id, content="😀" * 4000)
        # When the default page is asked for, page after page
        seen: list[str] = []
        sizes: list[int] = []
        cursor: str | None = None
        for _ in range(10):
            fields: dict[str, str] = {"before": cursor} if cursor else {}
            reply = await a.request("getLastMessages", threadId=thread_id, **fields)
            sizes.append(len(json.dumps(reply, ensure_ascii=False).encode()))
            seen += [m["messageId"] for m in reply["data"]["messages"]]
            cursor = reply["data"]["nextCursor"]
            if cursor is None:
                break
        # Then every reply fits in API Gateway's 128 KB, and paging returns each message once
        assert max(sizes) < 128 * 1024
        assert len(sizes) > 1
        assert len(seen) == len(set(seen)) == 10
