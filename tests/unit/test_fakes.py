"""The fakes keep the ports' documented semantics, so service tests can trust them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.ids import new_ulid
from ourchat.domain.models import Connection, Group, Membership, Message, Role, Thread, User
from ourchat.domain.pagination import sort_key
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from tests.support.fakes import FakePusher, FakeStore, FixedClock, SteppingClock

T0 = "2026-11-28T03:20:00.000Z"
T1 = "2026-11-28T03:21:00.000Z"
T2 = "2026-11-28T03:22:00.000Z"


def _group_with_thread(store: FakeStore) -> tuple[Group, Thread]:
    group = Group(new_ulid(), "Team", T0, T0)
    store.create_group(group, Membership(group.group_id, "owner", Role.OWNER, T0))
    thread = Thread(new_ulid(), group.group_id, "General", T0, T0)
    store.create_thread(thread)
    return group, thread


def test_fakes_satisfy_the_ports() -> None:
    store: Store = FakeStore()
    pusher: Pusher = FakePusher()
    clock: Clock = SteppingClock()
    assert store.get_user("nobody") is None
    assert pusher.send([], b"{}") == []
    assert clock().tzinfo is UTC


def test_put_user_keeps_created_at_of_an_existing_user() -> None:
    store = FakeStore()
    store.put_user(User("u1", "Ann", T0))
    stored = store.put_user(User("u1", "Anna", T1, "https://img.example/a.png"))
    assert stored == User("u1", "Anna", T0, "https://img.example/a.png")
    assert store.get_user("u1") == stored


def test_create_user_if_missing_returns_the_existing_user() -> None:
    store = FakeStore()
    first = store.create_user_if_missing(User("u1", "Ann", T0))
    assert store.create_user_if_missing(User("u1", "Other", T1)) == first


def test_add_membership_twice_is_a_conflict() -> None:
    store = FakeStore()
    group, _ = _group_with_thread(store)
    with pytest.raises(Conflict):
        store.add_membership(Membership(group.group_id, "owner", Role.MEMBER, T1))


def test_append_message_is_idempotent_per_sender_and_raises_last_message_at() -> None:
    store = FakeStore()
    group, thread = _group_with_thread(store)
    first = Message(new_ulid(), group.group_id, thread.thread_id, "hi", "owner", T2, "c1")
    assert store.append_message(first) == first
    retry = Message(new_ulid(), group.group_id, thread.thread_id, "hi", "owner", T2, "c1")
    assert store.append_message(retry) == first
    assert list(store.messages) == [first.message_id]
    older = Message(new_ulid(), group.group_id, thread.thread_id, "late", "owner", T1)
    store.append_message(older)
    assert store.threads[thread.thread_id].last_message_at == T2
    assert store.groups[group.group_id].last_message_at == T2


def test_append_message_to_a_thread_of_another_group_is_not_found() -> None:
    store = FakeStore()
    _, thread = _group_with_thread(store)
    other, _ = _group_with_thread(store)
    before = store.snapshot()
    with pytest.raises(NotFound):
        store.append_message(Message(new_ulid(), other.group_id, thread.thread_id, "x", "o", T1))
    assert store.snapshot() == before


def test_listings_page_newest_first_below_the_cursor_key() -> None:
    store = FakeStore()
    group, thread = _group_with_thread(store)
    stamps = [f"2026-11-28T03:2{i}:00.000Z" for i in range(5)]
    messages = [Message(new_ulid(), group.group_id, thread.thread_id, "m", "o", s) for s in stamps]
    for message in messages:
        store.append_message(message)
    page = store.list_messages(group.group_id, thread.thread_id, before_key=None, limit=2)
    assert page.items == (messages[4], messages[3])
    assert page.next_cursor is not None
    key = sort_key(messages[3].created_at, messages[3].message_id)
    rest = store.list_messages(group.group_id, thread.thread_id, before_key=key, limit=3)
    assert rest.items == (messages[2], messages[1], messages[0])
    assert rest.next_cursor is None


def test_connections_for_group_are_live_members_ordered_by_id() -> None:
    store = FakeStore()
    group, _ = _group_with_thread(store)
    store.put_connection(Connection("c-b", "owner", T0, 101))
    store.put_connection(Connection("c-a", "owner", T0, 101))
    store.put_connection(Connection("c-old", "owner", T0, 100))
    store.put_connection(Connection("c-stranger", "stranger", T0, 101))
    assert [c.connection_id for c in store.connections_for_group(group.group_id, 100)] == [
        "c-a",
        "c-b",
    ]
    store.delete_connection("owner", "c-a")
    store.delete_connection("owner", "unknown")
    assert [c.connection_id for c in store.connections_for_group(group.group_id, 100)] == ["c-b"]


def test_pusher_reports_gone_connections_and_records_sends() -> None:
    pusher = FakePusher(gone={"c2"})
    assert pusher.send(["c1", "c2"], b'{"event":"x","data":{}}') == ["c2"]
    assert pusher.recipients() == {"c1", "c2"}
    assert pusher.frames_to("c1") == [{"event": "x", "data": {}}]


def test_clocks_step_and_stand_still() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    stepping = SteppingClock(start, timedelta(seconds=1))
    assert [stepping(), stepping()] == [start, start + timedelta(seconds=1)]
    fixed = FixedClock(start)
    assert fixed() == fixed() == start
    fixed.advance(timedelta(hours=1))
    assert fixed() == start + timedelta(hours=1)
    with pytest.raises(ValueError, match="aware"):
        SteppingClock(datetime(2026, 1, 1))
