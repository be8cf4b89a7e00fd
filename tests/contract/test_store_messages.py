"""Contract of the Store port: appending messages, listing them, and lastMessageAt."""

from __future__ import annotations

from dataclasses import replace

from ourchat.domain.ids import new_ulid
from ourchat.domain.models import Message, Page
from ourchat.domain.pagination import decode_cursor, encode_cursor, sort_key
from ourchat.ports.store import Store
from tests.support.builders import Room, a_message, a_thread, all_messages, at, unnumbered


def _key(message: Message) -> str:
    return sort_key(message.created_at, message.message_id)


def test_append_message_stores_and_returns_it(store: Store, room: Room) -> None:
    message = a_message(room.thread, room.owner, created_at=at(5), client_message_id="c-1")

    stored = store.append_message(message)

    assert unnumbered(stored) == message
    assert all_messages(store, room.thread) == [message]


def test_messages_are_listed_newest_first_with_ties_broken_by_id(store: Store, room: Room) -> None:
    messages = [a_message(room.thread, room.owner, created_at=at(s)) for s in (3, 1, 2, 2, 4)]
    for message in messages:
        store.append_message(message)

    page = store.list_messages(
        room.group.group_id, room.thread.thread_id, before_key=None, limit=10
    )

    assert [unnumbered(m) for m in page.items] == sorted(messages, key=_key, reverse=True)
    assert page.next_cursor is None


def test_cursor_only_when_more_messages_exist(store: Store, room: Room) -> None:
    # Given exactly 3 messages
    messages = [a_message(room.thread, room.owner, created_at=at(s)) for s in (1, 2, 3)]
    for message in messages:
        store.append_message(message)
    group_id, thread_id = room.group.group_id, room.thread.thread_id

    # When listed with limits 2, 3 and 4
    two = store.list_messages(group_id, thread_id, before_key=None, limit=2)
    three = store.list_messages(group_id, thread_id, before_key=None, limit=3)
    four = store.list_messages(group_id, thread_id, before_key=None, limit=4)

    # Then only the page that leaves a message out has a cursor, after its last message
    assert two.next_cursor == encode_cursor(_key(two.items[-1]))
    assert three.next_cursor is None
    assert four.next_cursor is None
    assert len(three.items) == len(four.items) == 3


def test_paging_through_all_messages_has_no_duplicates_and_no_gaps(
    store: Store, room: Room
) -> None:
    messages = [a_message(room.thread, room.owner, created_at=at(s % 4)) for s in range(11)]
    for message in messages:
        store.append_message(message)
    group_id, thread_id = room.group.group_id, room.thread.thread_id

    pages = [store.list_messages(group_id, thread_id, before_key=None, limit=4)]
    while pages[-1].next_cursor is not None:
        before_key = decode_cursor(pages[-1].next_cursor)
        pages.append(store.list_messages(group_id, thread_id, before_key=before_key, limit=4))

    assert [len(page.items) for page in pages] == [4, 4, 3]
    assert [unnumbered(m) for page in pages for m in page.items] == sorted(
        messages, key=_key, reverse=True
    )


def test_before_key_is_strictly_less_than(store: Store, room: Room) -> None:
    messages = [a_message(room.thread, room.owner, created_at=at(s)) for s in (1, 2, 3)]
    for message in messages:
        store.append_message(message)

    page = store.list_messages(
        room.group.group_id, room.thread.thread_id, before_key=_key(messages[1]), limit=10
    )

    assert [unnumbered(m) for m in page.items] == [messages[0]]


def test_messages_are_listed_per_thread(store: Store, room: Room) -> None:
    other_thread = a_thread(room.group.group_id)
    store.create_thread(other_thread)
    here = a_message(room.thread, room.owner, created_at=at(1))
    there = a_message(other_thread, room.owner, created_at=at(1))
    store.append_message(here)
    store.append_message(there)

    assert all_messages(store, room.thread) == [here]
    assert all_messages(store, other_thread) == [there]
    assert store.list_messages(
        new_ulid(), room.thread.thread_id, before_key=None, limit=10
    ) == Page((), None)


def test_append_raises_last_message_at_of_thread_and_group(store: Store, room: Room) -> None:
    store.append_message(a_message(room.thread, room.owner, created_at=at(7)))

    assert store.get_thread(room.thread.thread_id) == replace(room.thread, last_message_at=at(7))
    assert unnumbered(store.get_group(room.group.group_id)) == replace(
        room.group, last_message_at=at(7)
    )


def test_an_older_message_appended_later_does_not_lower_last_message_at(
    store: Store, room: Room
) -> None:
    # Given a message at 7
    store.append_message(a_message(room.thread, room.owner, created_at=at(7)))

    # When a message stamped 3 arrives afterwards
    late = a_message(room.thread, room.owner, created_at=at(3))
    store.append_message(late)

    # Then it is stored in its place, and lastMessageAt stays 7
    assert all_messages(store, room.thread)[-1] == late
    assert store.get_thread(room.thread.thread_id) == replace(room.thread, last_message_at=at(7))
    assert unnumbered(store.get_group(room.group.group_id)) == replace(
        room.group, last_message_at=at(7)
    )


def test_group_last_message_at_is_the_max_over_its_threads(store: Store, room: Room) -> None:
    second = a_thread(room.group.group_id, created_at=at(0))
    store.create_thread(second)

    store.append_message(a_message(room.thread, room.owner, created_at=at(9)))
    store.append_message(a_message(second, room.owner, created_at=at(4)))

    assert unnumbered(store.get_group(room.group.group_id)) == replace(
        room.group, last_message_at=at(9)
    )
    assert store.get_thread(second.thread_id) == replace(second, last_message_at=at(4))
    listed = store.list_threads_by_group(room.group.group_id, before_key=None, limit=10)
    assert [thread.thread_id for thread in listed.items] == [
        room.thread.thread_id,
        second.thread_id,
    ]
