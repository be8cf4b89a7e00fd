"""Every frame the server sends in a full scenario matches docs/asyncapi.yaml."""

from __future__ import annotations

import uuid

import pytest

from ourchat.local.server import LocalChat
from tests.support.asyncapi import validate_event, validate_reply
from tests.support.ws_client import ChatClient, chat_client

pytestmark = pytest.mark.anyio


def check_frames(client: ChatClient, replies: list[dict[str, object]]) -> int:
    """Validate every reply against its action's reply schema, and every queued event."""
    for reply in replies:
        validate_reply(reply)
    count = len(replies)
    while not client.events.empty():
        validate_event(client.events.get_nowait())
        count += 1
    return count


async def test_replies_and_events_match_the_asyncapi_schemas(local_chat: LocalChat) -> None:
    alice, bob, carol = (f"u-{uuid.uuid4().hex[:8]}" for _ in range(3))
    url = local_chat.ws_url
    async with (
        chat_client(url, local_chat.token_for(alice, "Alice")) as a,
        chat_client(url, local_chat.token_for(bob, "Bob")) as b,
        chat_client(url, local_chat.token_for(carol, "Carol")) as c,
    ):
        replies = [
            await a.request("createUser", userName="Alice", profileImageUrl="https://x.io/a.png"),
            await a.request("updateUser", dateOfBirth="1990-05-01"),
            await a.request("findUsers", query="bo"),
            group := await a.request("createGroup", groupName="G", emoticon="🎉"),
        ]
        group_id = group["data"]["groupId"]
        replies += [
            await a.request("addMember", groupId=group_id, userId=bob),
            await a.request("addMember", groupId=group_id, userId=carol),
            await b.request("listInvitations"),
            await b.request("acceptInvitation", groupId=group_id),
            await c.request("declineInvitation", groupId=group_id),
            await a.request("listMembers", groupId=group_id),
            await a.request("setMemberRole", groupId=group_id, userId=bob, role="admin"),
            await b.request("updateGroup", groupId=group_id, groupName="Renamed"),
        ]
        thread = await a.request("createThread", groupId=group_id, threadName="t", color="#00ff00")
        thread_id = thread["data"]["threadId"]
        replies += [
            thread,
            await b.request("updateThread", threadId=thread_id, color=""),
            await a.request("sendMessage", groupId=group_id, threadId=thread_id, content="hi"),
            await a.request("getLastMessages", threadId=thread_id, limit=1),
            await a.request("getThreadsByGroup", groupId=group_id),
            await a.request("listGroups"),
            await a.request("sendMessage", groupId=group_id, threadId=thread_id, content=""),
            await a.request("getLastMessages", threadId="nope"),
            await a.request("removeMember", groupId=group_id, userId=bob),
            await a.request("leaveGroup", groupId=group_id),
        ]
        assert [r["ok"] for r in replies].count(False) == 2
        for client in (b, c):
            await client.ok("listGroups")  # replies come after the events pushed before them
            assert check_frames(client, []) > 0
        # Every event the protocol declares but ones to come later was seen and checked
        assert check_frames(a, replies) >= len(replies) + 8
