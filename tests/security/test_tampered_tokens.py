"""Tampered tokens never get past the `$connect` handshake: HTTP 401, whatever the route.

The verifiers are tested one claim at a time in tests/auth/test_tokens.py; here the real
server refuses tokens edited the ways an attacker would, at the real handshake.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from ourchat.local.server import LocalChat
from ourchat.settings import LOCAL_AUDIENCE, LOCAL_ISSUER
from tests.support.handshake import handshake_status

pytestmark = pytest.mark.anyio


def new_user() -> str:
    return f"u-{uuid.uuid4().hex[:10]}"


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _claims(**overrides: Any) -> dict[str, Any]:
    now = int(datetime.now(UTC).timestamp())
    claims = {"sub": new_user(), "iss": LOCAL_ISSUER, "aud": LOCAL_AUDIENCE, "iat": now}
    return {**claims, "exp": now + 600, **overrides}


def _swap_subject(chat: LocalChat) -> str:
    header, _, signature = chat.token_for(new_user()).split(".")
    return f"{header}.{_b64(_claims(sub='victim'))}.{signature}"


TAMPERED: dict[str, Callable[[LocalChat], str]] = {
    "payload edited, signature kept": _swap_subject,
    "signature stripped": lambda chat: chat.token_for(new_user()).rsplit(".", 1)[0] + ".",
    "alg none": lambda _: f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims())}.",
    "HS512 with the right secret": lambda chat: jwt.encode(
        _claims(), chat.secret, algorithm="HS512"
    ),
    "not yet valid": lambda chat: jwt.encode(
        _claims(nbf=int((datetime.now(UTC) + timedelta(hours=1)).timestamp())),
        chat.secret,
        algorithm="HS256",
    ),
}


@pytest.mark.parametrize("tampering", list(TAMPERED))
async def test_a_tampered_token_is_refused_at_the_handshake(
    local_chat: LocalChat, tampering: str
) -> None:
    token = TAMPERED[tampering](local_chat)
    assert await handshake_status(f"{local_chat.ws_url}?token={token}") == 401
