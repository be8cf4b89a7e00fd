"""Use cases of messages: send_message and get_last_messages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from ourchat.domain.errors import BadRequest, ChatError, Forbidden, NotFound, TooLarge
from ourchat.domain.events import MESSAGE_CREATED
from ourchat.domain.ids import new_ulid
from ourchat.domain.models import Message, Thread
from ourchat.domain.pagination import encode_cursor
from ourchat.domain.records import to_record
from ourchat.domain.timestamps import format_timestamp
from ourchat.services.access import NO_THREAD_ACCESS, NOT_A_MEMBER
from ourchat.services.connections import CONNECTION_LIFETIME
from ourchat.services.fanout import CONNECT_GRACE
from ourchat.services.messages import get_last_messages, send_message
from tests.support.world import World


def _send(world: World, sender_id: str, thread: Thread, **changes: Any) -> Message:
    fields: dict[str, Any] = {
        "group_id": thread.group_id,
        "thread_id": thread.thread_id,
        "content": "hello",
        **changes,
    }
    return send_message(world.store, world.pusher, world.clock, sender_id=sender_id, **fields)


def test_send_message_stores_it_and_pushes_it_to_every_live_member_connection(
    world: World,
) -> None:
    # Given a sender with two connections, a member with one, an outsider, a stale connection
    sender, member, outsider = world.user(), world.user(), world.user()
    thread = world.thread(world.group(sender, member), sender)
    world.group(outsider)
    stale = world.connect(member)
    world.clock.advance(CONNECTION_LIFETIME + timedelta(minutes=1))
    listeners = {world.connect(sender), world.connect(sender), world.connect(member)}
    world.connect(outsider)
    now = world.clock.now
    # When the sender sends a message
    message = _send(world, sender, thread, content="hi \U0001f44b", client_message_id="c-1")
    # Then it is stored as sent, and every live connection of the members got it, once
    assert message == Message(
        message.message_id,
        thread.group_id,
        thread.thread_id,
        "hi \U0001f44b",
        sender,
        format_timestamp(now),
        "c-1",
        world.store.groups[thread.group_id].seq,
    )
    assert world.store.messages == {message.message_id: message}
    assert world.pusher.recipients() == listeners
    assert stale not in world.pusher.recipients()
    for connection_id in listeners:
        assert world.pusher.frames_to(connection_id) == [
            {
                "event": MESSAGE_CREATED,
                "groupId": thread.group_id,
                "seq": message.seq,
                "data": to_record(message),
            }
        ]


def test_send_message_raises_last_message_at_of_thread_and_group(world: World) -> None:
    sender = world.user()
    thread = world.thread(world.group(sender), sender)
    world.clock.advance(timedelta(minutes=5))
    message = _send(world, sender, thread)
    assert world.store.threads[thread.thread_id].last_message_at == message.created_at
    assert world.store.groups[thread.group_id].last_message_at == message.created_at
    assert message.created_at > thread.last_message_at


def test_a_retried_send_returns_the_original_and_stores_nothing_new(world: World) -> None:
    # Given a message sent with a clientMessageId
    sender = world.user()
    thread = world.thread(world.group(sender), sender)
    connection_id = world.connect(sender)
    original = _send(world, sender, thread, content="once", client_message_id="retry-me")
    before = world.store.snapshot()
    # When the client retries it
    world.clock.advance(timedelta(seconds=3))
    retry = _send(world, sender, thread, content="once", client_message_id="retry-me")
    # Then the original comes back, nothing is stored, and the event is pushed again
    assert retry == original
    assert world.store.snapshot() == before
    assert [f["data"]["messageId"] for f in world.pusher.frames_to(connection_id)] == [
        original.message_id,
        original.message_id,
    ]


def test_a_retry_naming_another_group_is_pushed_to_the_original_group_only(
    world: World,
) -> None:
    # Given a message sent to group A, and a group B of the same sender with another member
    sender, member_of_a, member_of_b = world.user(), world.user(), world.user()
    thread_a = world.thread(world.group(sender, member_of_a), sender)
    thread_b = world.thread(world.group(sender, member_of_b), sender)
    original = _send(world, sender, thread_a, content="for A only", client_message_id="c-1")
    a_listener, b_listener = world.connect(member_of_a), world.connect(member_of_b)
    # When a retry with the same clientMessageId names group B
    retry = _send(world, sender, thread_b, content="for A only", client_message_id="c-1")
    # Then the original comes back, and it is not shown to group B's members
    assert retry == original
    assert world.pusher.recipients() == {a_listener}
    assert world.pusher.frames_to(b_listener) == []


def test_client_message_ids_are_per_sender(world: World) -> None:
    ann, bob = world.user(), world.user()
    thread = world.thread(world.group(ann, bob), ann)
    first = _send(world, ann, thread, client_message_id="c-1")
    second = _send(world, bob, thread, client_message_id="c-1")
    assert first.message_id != second.message_id
    assert len(world.store.messages) == 2


def test_gone_connections_are_deleted_from_the_store(world: World) -> None:
    sender, member = world.user(), world.user()
    thread = world.thread(world.group(sender, member), sender)
    live, gone = world.connect(sender), world.connect(member)
    world.clock.advance(CONNECT_GRACE + timedelta(seconds=1))
    world.pusher.gone.add(gone)
    _send(world, sender, thread)
    assert set(world.store.connections) == {(sender, live)}


@pytest.mark.parametrize("group_exists", [True, False])
def test_a_non_member_may_not_send(world: World, group_exists: bool) -> None:
    owner, stranger = world.user(), world.user()
    thread = world.thread(world.group(owner), owner)
    world.connect(owner)
    group_id = thread.group_id if group_exists else new_ulid()
    with world.rejected(Forbidden, message=NOT_A_MEMBER):
        _send(world, stranger, thread, group_id=group_id)


@pytest.mark.parametrize("thread_exists", [True, False])
def test_a_thread_missing_or_of_another_group_is_not_found(
    world: World, thread_exists: bool
) -> None:
    # Given a sender who is a member of two groups, with a thread in the other one
    sender = world.user()
    group = world.group(sender)
    elsewhere = world.thread(world.group(sender), sender).thread_id
    world.connect(sender)
    thread_id = elsewhere if thread_exists else new_ulid()
    with world.rejected(
        NotFound, message=f"there is no thread {thread_id} in group {group.group_id}"
    ):
        send_message(
            world.store,
            world.pusher,
            world.clock,
            sender_id=sender,
            group_id=group.group_id,
            thread_id=thread_id,
            content="hello",
        )


@pytest.mark.parametrize(
    ("error", "field", "changes"),
    [
        (BadRequest, "content", {"content": ""}),
        (BadRequest, "content", {"content": " \n\t "}),
        (BadRequest, "content", {"content": "x\ud800"}),
        (TooLarge, "content", {"content": "a" * 4_001}),
        (TooLarge, "content", {"content": "\U0001f600" * 4_001}),
        (BadRequest, "threadId", {"thread_id": "thread-1"}),
        (BadRequest, "groupId", {"group_id": "group-1"}),
        (BadRequest, "clientMessageId", {"client_message_id": ""}),
        (BadRequest, "clientMessageId", {"client_message_id": "k" * 65}),
        (BadRequest, "clientMessageId", {"client_message_id": "has space"}),
    ],
)
def test_a_bad_message_is_rejected_and_nothing_is_stored_or_pushed(
    world: World, error: type[ChatError], field: str, changes: dict[str, str]
) -> None:
    sender = world.user()
    thread = world.thread(world.group(sender), sender)
    world.connect(sender)
    with world.rejected(error, naming=field):
        _send(world, sender, thread, **changes)


def test_content_of_exactly_4000_characters_is_accepted(world: World) -> None:
    sender = world.user()
    thread = world.thread(world.group(sender), sender)
    assert (
        _send(world, sender, thread, content="\U0001f600" * 4_000).content == "\U0001f600" * 4_000
    )


def test_get_last_messages_returns_the_10_newest_first(world: World) -> None:
    sender = world.user()
    thread = world.thread(world.group(sender), sender)
    sent = [world.message(thread, sender, f"m{i}") for i in range(12)]
    page = get_last_messages(world.store, actor_id=sender, thread_id=thread.thread_id)
    assert list(page.items) == sent[::-1][:10]
    assert page.next_cursor is not None


def test_a_cursor_pages_back_through_every_message(world: World) -> None:
    # Given 25 messages, and a member who did not send them
    sender, reader = world.user(), world.user()
    thread = world.thread(world.group(sender, reader), sender)
    sent = [world.message(thread, sender, f"m{i}") for i in range(25)]
    # When the reader pages back from the newest
    pages: list[list[Message]] = []
    cursor: str | None = None
    while True:
        page = get_last_messages(
            world.store, actor_id=reader, thread_id=thread.thread_id, before=cursor, limit=10
        )
        pages.append(list(page.items))
        cursor = page.next_cursor
        if cursor is None:
            break
    # Then every message shows up once, newest first
    assert [len(p) for p in pages] == [10, 10, 5]
    assert [m for p in pages for m in p] == sent[::-1]


def test_messages_of_one_millisecond_keep_their_order(world: World) -> None:
    world.clock.step = timedelta(0)
    sender = world.user()
    thread = world.thread(world.group(sender), sender)
    sent = [world.message(thread, sender, f"m{i}") for i in range(5)]
    assert len({m.created_at for m in sent}) == 1
    page = get_last_messages(world.store, actor_id=sender, thread_id=thread.thread_id)
    assert list(page.items) == sent[::-1]


def test_only_the_thread_s_messages_are_listed(world: World) -> None:
    sender = world.user()
    group = world.group(sender)
    mine, other = world.thread(group, sender), world.thread(group, sender)
    kept = world.message(mine, sender)
    world.message(other, sender)
    page = get_last_messages(world.store, actor_id=sender, thread_id=mine.thread_id, limit=100)
    assert page.items == (kept,)
    assert page.next_cursor is None


@pytest.mark.parametrize("thread_exists", [True, False])
def test_a_non_member_may_not_read_messages(world: World, thread_exists: bool) -> None:
    owner, stranger = world.user(), world.user()
    world.group(stranger)
    thread = world.thread(world.group(owner), owner)
    world.message(thread, owner)
    thread_id = thread.thread_id if thread_exists else new_ulid()
    with world.rejected(Forbidden, message=NO_THREAD_ACCESS):
        get_last_messages(world.store, actor_id=stranger, thread_id=thread_id)


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("threadId", {"thread_id": "thread-1"}),
        ("cursor", {"before": ""}),
        ("cursor", {"before": "bm90IGEgY3Vyc29y"}),
        ("cursor", {"before": encode_cursor(f"yesterday#{new_ulid()}")}),
        ("limit", {"limit": 0}),
        ("limit", {"limit": 101}),
        ("limit", {"limit": -5}),
        ("limit", {"limit": False}),
    ],
)
def test_a_bad_read_is_rejected(world: World, field: str, changes: dict[str, Any]) -> None:
    reader = world.user()
    thread = world.thread(world.group(reader), reader)
    fields = {"thread_id": thread.thread_id, **changes}
    with world.rejected(BadRequest, naming=field):
        get_last_messages(world.store, actor_id=reader, **fields)
