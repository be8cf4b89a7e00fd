"""Bad frames get the documented reply or close code, and everyone else keeps being served."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest

from ourchat.local.server import LocalChat
from ourchat.protocol.actions import CLIENT_ACTIONS
from tests.support.ws_client import WAIT_SECONDS, chat_client

pytestmark = pytest.mark.anyio


async def test_bad_frames_get_bad_request_replies(local_chat: LocalChat) -> None:
    user = f"u-{uuid.uuid4().hex[:8]}"
    async with chat_client(local_chat.ws_url, local_chat.token_for(user)) as a:
        group_id = (await a.ok("createGroup", groupName="G"))["groupId"]
        thread_id = (await a.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        # Not JSON, JSON that is no object, no action, unknown action: $default lists actions
        for raw in ["hello", "[1,2]", '{"requestId": "x"}', '{"action": "fly", "requestId": "f"}']:
            await a.send_raw(raw)
            reply = await a.next_reply()
            assert reply["ok"] is False
            assert reply["error"]["code"] == "bad_request"
            assert reply["error"]["actions"] == list(CLIENT_ACTIONS)
        # Wrong types and missing fields name the field
        wrong_type = await a.error("sendMessage", groupId=group_id, threadId=thread_id, content=5)
        assert wrong_type["code"] == "bad_request"
        assert "content" in wrong_type["message"]
        missing = await a.error("sendMessage", groupId=group_id, threadId=thread_id)
        assert missing["code"] == "bad_request"
        assert "content" in missing["message"]
        bad_limit = await a.error("getLastMessages", threadId=thread_id, limit="ten")
        assert bad_limit["code"] == "bad_request"
        # Oversized content is too_large, and nothing was stored
        big = await a.error("sendMessage", groupId=group_id, threadId=thread_id, content="x" * 4001)
        assert big["code"] == "too_large"
        assert (await a.ok("getLastMessages", threadId=thread_id))["messages"] == []
        # A requestId that is too long is refused but still answered
        await a.send_raw(json.dumps({"action": "listGroups", "requestId": "r" * 65}))
        reply = await a.next_reply()
        assert reply["ok"] is False
        assert reply["requestId"] is None


@pytest.mark.parametrize(
    ("action", "fields"),
    [
        pytest.param("createGroup", '"groupName": "G\\ud800"', id="lone-high-surrogate"),
        pytest.param("createGroup", '"groupName": "\\udc00G"', id="lone-low-surrogate"),
        pytest.param("listGroups", '"limit": ' + "9" * 4301, id="integer-of-4301-digits"),
    ],
)
async def test_frames_python_cannot_read_at_once_get_a_plain_bad_request(
    local_chat: LocalChat, action: str, fields: str
) -> None:
    user = f"u-{uuid.uuid4().hex[:8]}"
    async with chat_client(local_chat.ws_url, local_chat.token_for(user)) as client:
        await client.send_raw(f'{{"action": "{action}", "requestId": "r-1", {fields}}}')
        reply = await client.next_reply()
        assert reply["action"] == action
        assert reply["requestId"] == "r-1"
        assert reply["ok"] is False
        assert reply["error"]["code"] == "bad_request"
        assert "actions" not in reply["error"]
        assert (await client.ok("listGroups"))["groups"] == []


@pytest.mark.parametrize(
    "frame",
    [
        pytest.param('{"action": "listGroups", "requestId": "\\ud800"}', id="in-request-id"),
        pytest.param('{"action": "\\ud800", "requestId": "\\udc00"}', id="in-action"),
    ],
)
async def test_unpaired_surrogates_are_never_echoed(local_chat: LocalChat, frame: str) -> None:
    user = f"u-{uuid.uuid4().hex[:8]}"
    async with chat_client(local_chat.ws_url, local_chat.token_for(user)) as client:
        await client.send_raw(frame)
        reply = await client.next_reply()
        assert reply["requestId"] is None
        assert reply["error"]["code"] == "bad_request"


async def test_an_unread_integer_of_10000_digits_still_reaches_its_route(
    local_chat: LocalChat,
) -> None:
    user = f"u-{uuid.uuid4().hex[:8]}"
    async with chat_client(local_chat.ws_url, local_chat.token_for(user)) as client:
        await client.send_raw(
            '{"action": "listGroups", "requestId": "r-2", "x": -' + "1" * 10_000 + "}"
        )
        reply = await client.next_reply()
        assert (reply["action"], reply["requestId"], reply["ok"]) == ("listGroups", "r-2", True)


async def test_a_200_kb_frame_closes_with_1009_and_others_carry_on(local_chat: LocalChat) -> None:
    flooder, bystander = f"u-{uuid.uuid4().hex[:8]}", f"u-{uuid.uuid4().hex[:8]}"
    async with (
        chat_client(local_chat.ws_url, local_chat.token_for(flooder)) as f,
        chat_client(local_chat.ws_url, local_chat.token_for(bystander)) as b,
    ):
        frame = json.dumps({"action": "sendMessage", "content": "x" * 200_000})
        await f.send_raw(frame)
        await asyncio.wait_for(f.socket.wait_closed(), WAIT_SECONDS)
        assert f.socket.close_code == 1009
        # The other client is still served
        assert (await b.ok("listGroups"))["groups"] == []
