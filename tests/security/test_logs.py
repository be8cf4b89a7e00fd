"""Tokens, message contents and connection ids never reach the logs at INFO level.

A full scenario runs against the local chat with a handler on the `ourchat` logger (and the
root logger, for anything else) formatting records exactly as the handlers' JSON logger
prints them: good and bad handshakes, every route, refusals, oversized content, and a store
failure that ends in an `internal` reply with a logged traceback.
"""

from __future__ import annotations

import io
import json
import logging
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import NoReturn

import pytest
from websockets.exceptions import InvalidStatus

from ourchat.handlers.logs import JsonFormatter
from ourchat.local.server import LocalChat
from tests.support.handshake import signed
from tests.support.ws_client import chat_client, invite_and_accept

pytestmark = pytest.mark.anyio


@pytest.fixture
def logged() -> Iterator[io.StringIO]:
    """Everything logged at INFO and above while the test runs, as the JSON lines."""
    lines = io.StringIO()
    handler = logging.StreamHandler(lines)
    handler.setFormatter(JsonFormatter())
    handler.setLevel(logging.INFO)
    loggers = [logging.getLogger("ourchat"), logging.getLogger()]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lines
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


async def test_no_token_content_or_connection_id_is_logged(
    local_chat: LocalChat, logged: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = f"u-{uuid.uuid4().hex[:8]}", f"u-{uuid.uuid4().hex[:8]}"
    tokens = [local_chat.token_for(alice, "Alice"), local_chat.token_for(bob, "Bob")]
    expired = signed(local_chat, user_id=alice, now=datetime.now(UTC) - timedelta(days=2))
    contents = [f"secret-{uuid.uuid4().hex}" for _ in range(4)]

    # A refused handshake, with a token in the query string
    with pytest.raises(InvalidStatus):
        async with chat_client(local_chat.ws_url, expired):
            pass
    async with (
        chat_client(local_chat.ws_url, tokens[0]) as a,
        chat_client(local_chat.ws_url, tokens[1]) as b,
    ):
        group_id = (await a.ok("createGroup", groupName="G"))["groupId"]
        await invite_and_accept(a, b, group_id, bob)
        thread_id = (await a.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        where = {"groupId": group_id, "threadId": thread_id}
        await a.ok("sendMessage", content=contents[0], clientMessageId="c-1", **where)
        await b.ok("getLastMessages", threadId=thread_id)
        # Refusals: oversized content, a non-member, malformed frames carrying content
        assert (await a.error("sendMessage", content=contents[1] * 200, **where))["code"] == (
            "too_large"
        )
        outsider = {"groupId": "01ARZ3NDEKTSV4RRFFQ69G5FAV", "threadId": thread_id}
        await a.error("sendMessage", content=contents[1], **outsider)
        await a.send_raw(f'{{"action": "{contents[2]}", "content": "{contents[2]}"}}')
        assert (await a.next_reply())["ok"] is False
        await a.error("sendMessage", content=[contents[2]], **where)
        # A store failure: the handler logs a traceback and replies `internal`
        monkeypatch.setattr(
            local_chat.store, "append_message", failing(sqlite3.OperationalError("disk I/O error"))
        )
        failed = await a.error("sendMessage", content=contents[3], **where)
        assert failed["code"] == "internal"
        now = int(datetime.now(UTC).timestamp())
        live = [
            c.connection_id
            for u in (alice, bob)
            for c in local_chat.store.connections_of_user(u, now)
        ]
        assert len(live) == 2

    text = logged.getvalue()
    assert "request failed" in text  # the failure was logged, with its traceback
    assert "Traceback" in text
    for secret in [*tokens, expired, *contents, *live]:
        assert secret not in text


async def test_a_refused_handshake_is_one_info_line(
    local_chat: LocalChat, logged: io.StringIO
) -> None:
    refusals = 20
    expired = signed(local_chat, now=datetime.now(UTC) - timedelta(days=2))
    for bad_token in [expired, "not-a-jwt"] * (refusals // 2):
        with pytest.raises(InvalidStatus) as refused:
            async with chat_client(local_chat.ws_url, bad_token):
                pass
        assert refused.value.response.status_code == 401

    records = [json.loads(line) for line in logged.getvalue().splitlines()]
    assert [record["level"] for record in records] == ["INFO"] * refusals
    assert all(record["message"] == "connection refused" for record in records)
    assert "Traceback" not in logged.getvalue()


def failing(error: Exception) -> Callable[..., NoReturn]:
    """A stand-in for a store method that fails as a broken disk would."""

    def fail(*_: object, **__: object) -> NoReturn:
        raise error

    return fail
