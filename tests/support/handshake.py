"""Handshakes for the tests: tokens signed with chosen claims, and the status of a refusal."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from ourchat.auth.tokens import issue_local_token
from ourchat.local.server import LocalChat
from ourchat.settings import LOCAL_AUDIENCE, LOCAL_ISSUER


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
