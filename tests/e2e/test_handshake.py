"""Connection handshake: the authorizer refuses bad tokens with the real HTTP status."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from ourchat.auth.tokens import issue_local_token
from ourchat.local.server import LocalChat
from ourchat.settings import LOCAL_AUDIENCE, LOCAL_ISSUER
from tests.e2e.client import chat_client

pytestmark = pytest.mark.anyio


def signed(chat: LocalChat, **overrides: object) -> str:
    fields: dict[str, object] = {
        "user_id": f"u-{uuid.uuid4().hex[:8]}",
        "user_name": "X",
        "issuer": LOCAL_ISSUER,
        "audience": LOCAL_AUDIENCE,
        "now": datetime.now(UTC),
    }
    fields.update(overrides)
    secret = str(fields.pop("secret", chat.secret))
    return issue_local_token(secret, **fields)  # type: ignore[arg-type]


async def handshake_status(url: str) -> int:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(url, open_timeout=10):
            pass
    return refused.value.response.status_code


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
        await o.ok("addMember", groupId=group_id, userId=newcomer)
    user = local_chat.store.get_user(newcomer)
    assert user is not None
    assert user.user_name == "Newbie"
