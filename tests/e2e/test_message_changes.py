"""Messages people fix, over real sockets: edits, deletions, reactions and replies."""

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


async def heard_by_all(clients: list[ChatClient], name: str) -> list[dict[str, Any]]:
    """The next event of each client, which must be `name`; returns the frames."""
    return [await client.next_frame(name) for client in clients]


async def test_a_message_is_edited_reacted_to_replied_to_and_deleted(any_chat: LocalChat) -> None:
    owner, member = new_user(), new_user()
    url = any_chat.ws_url
    async with (
        chat_client(url, any_chat.token_for(owner, "Olive")) as o,
        chat_client(url, any_chat.token_for(member, "Max")) as m,
    ):
        everyone = [o, m]
        group_id = (await o.ok("createGroup", groupName="Fixers"))["groupId"]
        await invite_and_accept(o, m, group_id, member)
        await heard_by_all(everyone, "member.added")
        thread_id = (await o.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        await heard_by_all(everyone, "thread.created")
        sent = await m.ok("sendMessage", groupId=group_id, threadId=thread_id, content="teh")
        await heard_by_all(everyone, "message.created")
        target = {"threadId": thread_id, "messageId": sent["messageId"]}

        # The sender edits: the reply and message.updated carry the message with editedAt
        edited = await m.ok("editMessage", **target, content="the")
        assert edited["content"] == "the"
        assert edited["editedAt"] >= sent["createdAt"]
        assert {k: edited[k] for k in ("messageId", "seq", "createdAt")} == {
            k: sent[k] for k in ("messageId", "seq", "createdAt")
        }
        for frame in await heard_by_all(everyone, "message.updated"):
            assert frame["data"] == edited
            assert frame["groupId"] == group_id
            assert frame["seq"] > sent["seq"]
        # Nobody else edits it, not even the owner
        assert (await o.error("editMessage", **target, content="x"))["code"] == "forbidden"

        # Reactions: each (user, emoji) counts once, and each change is heard once
        await o.ok("addReaction", **target, emoji="👍")
        await o.ok("addReaction", **target, emoji="👍")
        reacted = await m.ok("addReaction", **target, emoji="👍")
        assert reacted["reactions"] == [{"emoji": "👍", "count": 2, "userIds": [owner, member]}]
        for _ in range(2):
            for frame in await heard_by_all(everyone, "reaction.added"):
                assert frame["data"]["emoji"] == "👍"
        await o.ok("removeReaction", **target, emoji="👍")
        removed = await heard_by_all(everyone, "reaction.removed")
        assert removed[0]["data"] == {
            "groupId": group_id,
            "threadId": thread_id,
            "messageId": sent["messageId"],
            "userId": owner,
            "emoji": "👍",
        }
        assert (await o.error("addReaction", **target, emoji="not one"))["code"] == "bad_request"

        # A reply quotes the message; the history shows the reactions and the quote
        reply = await o.ok(
            "sendMessage",
            groupId=group_id,
            threadId=thread_id,
            content="agreed",
            replyToMessageId=sent["messageId"],
        )
        assert reply["replyTo"] == {
            "messageId": sent["messageId"],
            "senderUserId": member,
            "excerpt": "the",
        }
        await heard_by_all(everyone, "message.created")
        history = (await m.ok("getLastMessages", threadId=thread_id))["messages"]
        assert [h["messageId"] for h in history] == [reply["messageId"], sent["messageId"]]
        assert history[1]["reactions"] == [{"emoji": "👍", "count": 1, "userIds": [member]}]

        # The owner deletes the member's message: a tombstone in place, the quote goes
        tomb = await o.ok("deleteMessage", **target)
        assert tomb["content"] == ""
        assert "reactions" not in tomb
        for frame in await heard_by_all(everyone, "message.deleted"):
            assert frame["data"] == {
                "groupId": group_id,
                "threadId": thread_id,
                "messageId": sent["messageId"],
                "deletedAt": tomb["deletedAt"],
            }
        history = (await m.ok("getLastMessages", threadId=thread_id))["messages"]
        assert history[1] == tomb
        assert history[0]["replyTo"] == {
            "messageId": sent["messageId"],
            "senderUserId": member,
            "deleted": True,
        }
        # Deleting again returns the tombstone and tells nobody; editing it is a conflict
        assert await m.ok("deleteMessage", **target) == tomb
        assert (await m.error("editMessage", **target, content="x"))["code"] == "conflict"
        assert (await m.error("addReaction", **target, emoji="🎉"))["code"] == "conflict"
        for client in everyone:
            await client.assert_no_event()


async def test_a_member_deletes_only_their_own_and_ids_must_match_the_thread(
    local_chat: LocalChat,
) -> None:
    owner, member = new_user(), new_user()
    url = local_chat.ws_url
    async with (
        chat_client(url, local_chat.token_for(owner)) as o,
        chat_client(url, local_chat.token_for(member)) as m,
    ):
        group_id = (await o.ok("createGroup", groupName="G"))["groupId"]
        await invite_and_accept(o, m, group_id, member)
        first = (await o.ok("createThread", groupId=group_id, threadName="a"))["threadId"]
        second = (await o.ok("createThread", groupId=group_id, threadName="b"))["threadId"]
        mine = await o.ok("sendMessage", groupId=group_id, threadId=first, content="x")
        target = {"threadId": first, "messageId": mine["messageId"]}
        assert (await m.error("deleteMessage", **target))["code"] == "forbidden"
        elsewhere = {"threadId": second, "messageId": mine["messageId"]}
        for action, fields in [
            ("deleteMessage", {}),
            ("editMessage", {"content": "y"}),
            ("addReaction", {"emoji": "🎉"}),
        ]:
            refusal = await o.error(action, **elsewhere, **fields)
            assert refusal["code"] == "not_found", action
        wrong = {"groupId": group_id, "threadId": second, "content": "re"}
        refusal = await o.error("sendMessage", **wrong, replyToMessageId=mine["messageId"])
        assert refusal["code"] == "not_found"


async def test_fifty_connections_storming_reactions_lose_no_count(local_chat: LocalChat) -> None:
    # Given ten members with five connections each
    url = local_chat.ws_url
    owner = new_user()
    users = [new_user() for _ in range(10)]
    async with AsyncExitStack() as stack:
        o = await stack.enter_async_context(chat_client(url, local_chat.token_for(owner)))
        group_id = (await o.ok("createGroup", groupName="Storm"))["groupId"]
        thread_id = (await o.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        sent = await o.ok("sendMessage", groupId=group_id, threadId=thread_id, content="vote")
        target = {"threadId": thread_id, "messageId": sent["messageId"]}
        clients = [
            await stack.enter_async_context(chat_client(url, local_chat.token_for(user)))
            for user in users
            for _ in range(5)
        ]
        for user, client in zip(users, clients[::5], strict=True):
            await o.ok("addMember", groupId=group_id, userId=user)
            await client.ok("acceptInvitation", groupId=group_id)

        # When every connection adds 🎉 and 👍 and takes 👍 back, all at once
        async def storm(client: ChatClient) -> None:
            await client.ok("addReaction", **target, emoji="🎉")
            await client.ok("addReaction", **target, emoji="👍")
            await client.ok("removeReaction", **target, emoji="👍")

        await asyncio.wait_for(asyncio.gather(*(storm(c) for c in clients)), timeout=120)

        # Then 🎉 counts each user once, and every count matches the users it names
        message = (await o.ok("getLastMessages", threadId=thread_id))["messages"][0]
        by_emoji = {r["emoji"]: r for r in message["reactions"]}
        assert by_emoji["🎉"]["count"] == len(users)
        assert sorted(by_emoji["🎉"]["userIds"]) == sorted(users)
        for reaction in message["reactions"]:
            assert reaction["count"] == len(set(reaction["userIds"])), reaction
