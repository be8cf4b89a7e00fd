"""Connection handshake: the authorizer refuses bad tokens with the real HTTP status."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from ourchat.local.server import LocalChat
from tests.support.handshake import handshake_status, signed
from tests.support.ws_client import chat_client

pytestmark = pytest.mark.anyio


async def test_bad_tokens_are_refused_with_401(local_chat: LocalChat) -> None:
    base = local_chat.ws_url
    bad = {
        "missing": base,
        "empty": f"{base}?token=",
        "garbage": f"{base}?token=abc.def.ghi",
        "expired": f"{base}?token={signed(local_chat, now=datetime.now(UTC) - timedelta(days=2))}",
        "forged": f"{base}?token={signed(local_chat, secret=uuid.uuid4().hex * 2)}",
        "wrong-audience": f"{base}?token={signed(local_chat, audience='someone-else')}",
        "wrong-issuer": f"{base}?token={signed(local_chat, issuer='https://evil.example')}",
    }
    for name, url in bad.items():
        assert await handshake_status(url) == 401, name


async def test_connect_creates_the_user_from_the_token_name(local_chat: LocalChat) -> None:
    owner, newcomer = f"u-{uuid.uuid4().hex[:8]}", f"u-{uuid.uuid4().hex[:8]}"
    async with chat_client(local_chat.ws_url, local_chat.token_for(owner)) as o:
        group_id = (await o.ok("createGroup", groupName="G"))["groupId"]
        # Before the newcomer ever connects, they do not exist
        assert (await o.error("addMember", groupId=group_id, userId=newcomer))["code"] == (
            "not_found"
        )
        async with chat_client(local_chat.ws_url, local_chat.token_for(newcomer, "Newbie")):
            pass
        invited = await o.ok("addMember", groupId=group_id, userId=newcomer)
        assert invited["invitation"]["userId"] == newcomer
    user = local_chat.store.get_user(newcomer)
    assert user is not None
    assert user.user_name == "Newbie"
