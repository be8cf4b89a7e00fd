"""Local sign-in (`POST /local/token`): tokens for local users, and only for this server's pages."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from ourchat.local.server import LocalChat
from tests.support.ws_client import chat_client

pytestmark = pytest.mark.anyio


def post(chat: LocalChat, body: object, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"{chat.http_url}/local/token",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


async def test_a_signed_in_user_can_connect(local_chat: LocalChat) -> None:
    origin = local_chat.http_url
    status, body = post(local_chat, {"userId": "ann", "userName": "Ann"}, {"Origin": origin})
    assert status == 200
    assert body["wsUrl"] == local_chat.ws_url
    async with chat_client(body["wsUrl"], body["token"]) as client:
        assert (await client.ok("listGroups"))["groups"] == []


def test_bad_sign_ins_are_refused_with_a_reason(local_chat: LocalChat) -> None:
    for bad in [{"userId": "has spaces"}, {"userId": 5}, ["ann"], {"userId": "a", "userName": ""}]:
        status, body = post(local_chat, bad)
        assert status == 400
        assert body["error"]["code"] == "bad_request"


def test_pages_of_other_origins_are_refused(local_chat: LocalChat) -> None:
    # A page on another site, and a DNS-rebound name pointing at 127.0.0.1
    port = local_chat.server.port
    for headers in ({"Origin": "https://evil.example"}, {"Host": f"evil.example:{port}"}):
        status, body = post(local_chat, {"userId": "ann"}, headers)
        assert status == 403
        assert body["error"]["code"] == "forbidden"
