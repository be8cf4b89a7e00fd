"""Connections whose `$disconnect` never arrived stop costing fan-out work.

On AWS `$disconnect` is best effort. A connection record that outlived its socket is either
past its `expiresAt` (DynamoDB's TTL attribute; the same rule in SQLite), and then never
pushed to, or not yet expired, and then removed by the first push that answers 410 Gone.
The pushes are counted by wrapping the server's own pusher (the @connections HTTP API).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from ourchat.domain.models import Connection
from ourchat.domain.timestamps import format_timestamp
from ourchat.local.server import LocalChat
from tests.support.local_chats import ChatFactory
from tests.support.ws_client import chat_client

pytestmark = pytest.mark.anyio


def count_pushes(chat: LocalChat, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record the recipients of every push of the chat's own pusher, which still pushes."""
    pusher = chat.dependencies.pusher
    send = pusher.send
    pushes: list[list[str]] = []

    def counting(connection_ids: Sequence[str], data: bytes) -> list[str]:
        pushes.append(sorted(connection_ids))
        return send(connection_ids, data)

    monkeypatch.setattr(pusher, "send", counting)
    return pushes


def stale_connection(user_id: str, expires_in: timedelta) -> Connection:
    """A connection record with no socket behind it, expiring `expires_in` from now."""
    now = datetime.now(UTC)
    return Connection(
        f"stale{uuid.uuid4().hex[:11]}=",
        user_id,
        format_timestamp(now - timedelta(hours=3)),
        int((now + expires_in).timestamp()),
    )


@pytest.mark.parametrize("store", ["sqlite", "dynamodb"])
async def test_expired_and_vanished_connections_stop_costing_pushes(
    make_local_chat: ChatFactory, store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = make_local_chat(store)
    user = f"u-{uuid.uuid4().hex[:8]}"
    async with chat_client(chat.ws_url, chat.token_for(user)) as live:
        group_id = (await live.ok("createGroup", groupName="G"))["groupId"]
        thread_id = (await live.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        await live.next_event("thread.created")
        now = int(datetime.now(UTC).timestamp())
        [live_id] = [c.connection_id for c in chat.store.connections_for_group(group_id, now)]
        # Given two records whose $disconnect never came: one past its expiresAt, one not yet
        expired = stale_connection(user, timedelta(seconds=-1))
        vanished = stale_connection(user, timedelta(hours=1))
        chat.store.put_connection(expired)
        chat.store.put_connection(vanished)
        pushes = count_pushes(chat, monkeypatch)

        # When a message is sent, the expired record is not pushed to; the vanished one is,
        # answers 410 Gone, and is removed
        first = await live.ok("sendMessage", groupId=group_id, threadId=thread_id, content="1")
        assert await live.next_event("message.created") == first
        # Then the next message is pushed to the live connection only
        second = await live.ok("sendMessage", groupId=group_id, threadId=thread_id, content="2")
        assert await live.next_event("message.created") == second
        later = int(datetime.now(UTC).timestamp())
        assert [c.connection_id for c in chat.store.connections_for_group(group_id, later)] == [
            live_id
        ]

    assert pushes == [sorted([live_id, vanished.connection_id]), [live_id]]
