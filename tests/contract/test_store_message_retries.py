"""Contract of the Store port: idempotent retries and refused appends."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.ids import new_ulid
from ourchat.domain.models import Page
from ourchat.ports.store import Store
from tests.support.builders import (
    Room,
    a_message,
    a_thread,
    all_messages,
    at,
    make_room,
    unnumbered,
    user_id,
)


def test_retry_with_same_client_message_id_returns_the_original(store: Store, room: Room) -> None:
    # Given a message sent with a clientMessageId
    original = a_message(room.thread, room.owner, created_at=at(5), client_message_id="c-1")
    store.append_message(original)

    # When the sender retries: new id, new time, new content, same clientMessageId
    retry = a_message(
        room.thread, room.owner, created_at=at(9), content="again", client_message_id="c-1"
    )
    returned = store.append_message(retry)

    # Then the original comes back and nothing new is stored or raised
    assert unnumbered(returned) == original
    assert all_messages(store, room.thread) == [original]
    assert store.get_thread(room.thread.thread_id) == replace(room.thread, last_message_at=at(5))
    assert unnumbered(store.get_group(room.group.group_id)) == replace(
        room.group, last_message_at=at(5)
    )


def test_a_used_client_message_id_returns_the_original_whatever_thread_is_named(
    store: Store, room: Room
) -> None:
    # Given a message sent with a clientMessageId
    original = a_message(room.thread, room.owner, created_at=at(5), client_message_id="c-1")
    store.append_message(original)
    other_thread = a_thread(room.group.group_id)
    store.create_thread(other_thread)
    ghost = replace(a_thread(room.group.group_id), thread_id=new_ulid())

    # When the sender reuses it for another thread, and for a thread that does not exist
    elsewhere = a_message(other_thread, room.owner, created_at=at(6), client_message_id="c-1")
    nowhere = a_message(ghost, room.owner, created_at=at(7), client_message_id="c-1")

    # Then the original comes back both times, as the protocol says, and nothing is stored
    assert unnumbered(store.append_message(elsewhere)) == original
    assert unnumbered(store.append_message(nowhere)) == original
    assert all_messages(store, other_thread) == []
    assert store.get_thread(other_thread.thread_id) == other_thread


def test_same_client_message_id_of_another_sender_is_another_message(
    store: Store, room: Room
) -> None:
    mine = a_message(room.thread, room.owner, created_at=at(1), client_message_id="c-1")
    theirs = a_message(room.thread, user_id(), created_at=at(2), client_message_id="c-1")

    assert unnumbered(store.append_message(mine)) == mine
    assert unnumbered(store.append_message(theirs)) == theirs
    assert all_messages(store, room.thread) == [theirs, mine]


def test_appending_the_same_message_again_stores_nothing_new(store: Store, room: Room) -> None:
    message = a_message(room.thread, room.owner, created_at=at(5))
    store.append_message(message)

    assert unnumbered(store.append_message(message)) == message
    assert all_messages(store, room.thread) == [message]


def test_a_different_message_with_a_taken_id_is_a_conflict(store: Store, room: Room) -> None:
    message = a_message(room.thread, room.owner, created_at=at(5))
    store.append_message(message)

    with pytest.raises(Conflict):
        store.append_message(replace(message, content="other", created_at=at(6)))

    assert all_messages(store, room.thread) == [message]
    assert store.get_thread(room.thread.thread_id) == replace(room.thread, last_message_at=at(5))


def test_messages_without_client_message_id_never_collide(store: Store, room: Room) -> None:
    first = a_message(room.thread, room.owner, created_at=at(1))
    second = a_message(room.thread, room.owner, created_at=at(1))

    store.append_message(first)
    store.append_message(second)

    assert len(all_messages(store, room.thread)) == 2


def test_append_to_a_missing_thread_is_not_found_and_stores_nothing(
    store: Store, room: Room
) -> None:
    ghost = replace(a_thread(room.group.group_id), thread_id=new_ulid())
    message = a_message(ghost, room.owner, created_at=at(5), client_message_id="c-ghost")

    with pytest.raises(NotFound):
        store.append_message(message)

    assert unnumbered(store.get_group(room.group.group_id)) == room.group
    assert all_messages(store, ghost) == []
    # The clientMessageId was not consumed: a send to a real thread goes through.
    real = a_message(room.thread, room.owner, created_at=at(6), client_message_id="c-ghost")
    assert unnumbered(store.append_message(real)) == real


def test_append_to_a_thread_of_another_group_is_not_found_and_stores_nothing(
    store: Store, room: Room
) -> None:
    # Given a second group; a message names the first group's thread under the second group
    other = make_room(store)
    message = replace(
        a_message(room.thread, room.owner, created_at=at(5)), group_id=other.group.group_id
    )

    with pytest.raises(NotFound):
        store.append_message(message)

    assert all_messages(store, room.thread) == []
    assert store.list_messages(
        other.group.group_id, room.thread.thread_id, before_key=None, limit=10
    ) == Page((), None)
    assert store.get_thread(room.thread.thread_id) == room.thread
    assert unnumbered(store.get_group(room.group.group_id)) == room.group
    assert unnumbered(store.get_group(other.group.group_id)) == other.group
