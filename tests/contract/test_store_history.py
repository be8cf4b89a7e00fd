"""Contract of the Store port: each group's numbered history (seq) and reading it back."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest

from ourchat.domain.errors import NotFound
from ourchat.domain.events import MEMBER_ADDED, MESSAGE_CREATED, THREAD_CREATED, THREAD_UPDATED
from ourchat.domain.ids import new_ulid
from ourchat.domain.limits import EVENT_RETENTION
from ourchat.domain.records import to_record
from ourchat.ports.store import Store
from tests.support.builders import (
    Room,
    a_group,
    a_member,
    a_message,
    a_thread,
    at,
    future_epoch,
    owner_of,
    user_id,
)


def events_of(
    store: Store, group_id: str, after: int = 0, limit: int = 100
) -> list[tuple[str, int]]:
    logged = store.read_events(
        group_id, after_seq=after, limit=limit, now_epoch_seconds=future_epoch()
    )
    return [(event.name, event.seq) for event in logged]


def test_a_new_group_has_seq_zero_and_no_events(store: Store) -> None:
    group = a_group()
    store.create_group(group, owner_of(group, user_id()))

    assert store.get_group(group.group_id) == group
    assert group.seq == 0
    assert events_of(store, group.group_id) == []


def test_every_change_takes_the_next_seq_and_the_group_keeps_the_latest(
    store: Store, room: Room
) -> None:
    # Given a room whose thread's creation was event 1
    assert events_of(store, room.group.group_id) == [(THREAD_CREATED, 1)]
    # When a message, a member and another thread follow
    message = store.append_message(a_message(room.thread, room.owner, created_at=at(2)))
    joined = store.add_membership(a_member(room.group.group_id, user_id()))
    created = store.create_thread(a_thread(room.group.group_id))
    # Then they are 2, 3 and 4, and the group's seq is 4
    assert (message.seq, joined.seq, created.seq) == (2, 3, 4)
    assert events_of(store, room.group.group_id) == [
        (THREAD_CREATED, 1),
        (MESSAGE_CREATED, 2),
        (MEMBER_ADDED, 3),
        (THREAD_CREATED, 4),
    ]
    group = store.get_group(room.group.group_id)
    assert group is not None
    assert group.seq == 4


def test_events_come_back_with_the_data_they_were_pushed_with(store: Store, room: Room) -> None:
    member = user_id()
    joined = store.add_membership(a_member(room.group.group_id, member))
    [logged] = store.read_events(
        room.group.group_id, after_seq=1, limit=10, now_epoch_seconds=future_epoch()
    )
    assert logged.name == MEMBER_ADDED
    assert logged.seq == joined.seq
    assert logged.group_id == room.group.group_id
    assert logged.data == to_record(joined.payload)
    assert logged.data == {"groupId": room.group.group_id, "userId": member, "role": "member"}


def test_a_message_event_is_read_from_the_message_as_it_is_now(store: Store, room: Room) -> None:
    stored = store.append_message(a_message(room.thread, room.owner, created_at=at(2)))
    [logged] = store.read_events(
        room.group.group_id, after_seq=1, limit=10, now_epoch_seconds=future_epoch()
    )
    assert (logged.name, logged.seq) == (MESSAGE_CREATED, stored.seq)
    assert logged.data == to_record(stored)


def test_reading_after_a_seq_and_with_a_limit(store: Store, room: Room) -> None:
    for second in range(2, 8):
        store.append_message(a_message(room.thread, room.owner, created_at=at(second)))

    assert [seq for _, seq in events_of(store, room.group.group_id, after=3, limit=2)] == [4, 5]
    assert [seq for _, seq in events_of(store, room.group.group_id, after=6)] == [7]
    assert events_of(store, room.group.group_id, after=7) == []
    assert events_of(store, new_ulid()) == []


def test_logged_events_expire_but_messages_stay(store: Store, room: Room) -> None:
    store.append_message(a_message(room.thread, room.owner, created_at=at(2)))
    later = int(time.time()) + int(EVENT_RETENTION.total_seconds()) + 3600

    kept = store.read_events(room.group.group_id, after_seq=0, limit=10, now_epoch_seconds=later)

    # The thread's creation (1) is past its retention; the message (2) is the message itself
    assert [(event.name, event.seq) for event in kept] == [(MESSAGE_CREATED, 2)]


def test_updating_a_thread_is_logged_with_the_thread_as_it_now_is(store: Store, room: Room) -> None:
    event = store.update_thread(room.thread.thread_id, "Renamed", "#00aa00")

    renamed = replace(room.thread, thread_name="Renamed", color="#00aa00")
    assert (event.name, event.seq, event.payload) == (THREAD_UPDATED, 2, renamed)
    assert store.get_thread(room.thread.thread_id) == renamed
    assert store.update_thread(room.thread.thread_id, None, "#112233").payload == replace(
        room.thread, thread_name="Renamed", color="#112233"
    )
    assert store.update_thread(room.thread.thread_id, "Plain", "").payload == replace(
        room.thread, thread_name="Plain", color=None
    )
    with pytest.raises(NotFound):
        store.update_thread(new_ulid(), "x", None)


def test_changes_of_a_missing_group_are_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.create_thread(a_thread(new_ulid()))
    with pytest.raises(NotFound):
        store.update_group(new_ulid(), "x", None)


def test_concurrent_writers_get_gap_free_strictly_increasing_seqs(store: Store, room: Room) -> None:
    # Given 8 senders appending 6 messages each to one group at the same time
    errors: list[BaseException] = []
    seqs: list[int] = []
    lock = threading.Lock()

    def send(worker: int) -> None:
        try:
            for n in range(6):
                message = a_message(room.thread, room.owner, created_at=at(10 + n))
                stored = store.append_message(replace(message, client_message_id=f"w{worker}-{n}"))
                assert stored.seq is not None
                with lock:
                    seqs.append(stored.seq)
        except BaseException as error:
            errors.append(error)

    workers = [threading.Thread(target=send, args=(w,)) for w in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    # Then every message got its own seq, 2 to 49 with no gap, and the group is at 49
    assert errors == []
    assert sorted(seqs) == list(range(2, 50))
    assert [seq for _, seq in events_of(store, room.group.group_id)] == list(range(1, 50))
