"""Several local chats in one process: each serves with its own store, pusher and secret."""

from __future__ import annotations

import uuid

import pytest
from websockets.exceptions import InvalidStatus

from tests.support.local_chats import ChatFactory
from tests.support.ws_client import chat_client

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("pusher", ["http", "inprocess"])
async def test_two_chats_in_one_process_share_nothing(
    make_local_chat: ChatFactory, pusher: str
) -> None:
    # Given two chats started side by side in this process, and one user on each
    first, second = make_local_chat(pusher=pusher), make_local_chat(pusher=pusher)
    user = f"u-{uuid.uuid4().hex[:8]}"
    async with (
        chat_client(first.ws_url, first.token_for(user)) as on_first,
        chat_client(second.ws_url, second.token_for(user)) as on_second,
    ):
        # When the user creates a group and sends a message on the first chat
        group = await on_first.ok("createGroup", groupName="Only here")
        thread = await on_first.ok("createThread", groupId=group["groupId"], threadName="t")
        assert await on_first.next_event("thread.created") == thread
        sent = await on_first.ok(
            "sendMessage", groupId=group["groupId"], threadId=thread["threadId"], content="hi"
        )
        # Then the first chat's own connection gets the events, through the first's pusher
        assert await on_first.next_event("message.created") == sent
        # And the second chat neither stores the group nor pushes anything of it
        assert (await on_second.ok("listGroups"))["groups"] == []
        await on_second.assert_no_event()
        assert first.store.get_group(group["groupId"]) is not None
        assert second.store.get_group(group["groupId"]) is None


async def test_a_token_of_one_chat_is_refused_by_the_other(make_local_chat: ChatFactory) -> None:
    first, second = make_local_chat(), make_local_chat()
    with pytest.raises(InvalidStatus) as refused:
        async with chat_client(second.ws_url, first.token_for("ann")):
            pass
    assert refused.value.response.status_code == 401
