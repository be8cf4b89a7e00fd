"""Contract of the Store port: threads and their listing by group."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ourchat.domain.errors import Conflict
from ourchat.domain.ids import new_ulid
from ourchat.domain.models import Group, Page, Thread
from ourchat.domain.pagination import decode_cursor, encode_cursor, sort_key
from ourchat.ports.store import Store
from tests.support.builders import Room, a_group, a_message, a_thread, at, owner_of, user_id


@pytest.fixture
def group(store: Store) -> Group:
    """A group with its owner, in the store under test."""
    group = a_group()
    store.create_group(group, owner_of(group, user_id()))
    return group


def _key(thread: Thread) -> str:
    return sort_key(thread.last_message_at, thread.thread_id)


def _all_pages(store: Store, group_id: str, limit: int) -> list[Page[Thread]]:
    pages = [store.list_threads_by_group(group_id, before_key=None, limit=limit)]
    while pages[-1].next_cursor is not None:
        before_key = decode_cursor(pages[-1].next_cursor)
        pages.append(store.list_threads_by_group(group_id, before_key=before_key, limit=limit))
    return pages


def test_create_thread_stores_it(store: Store, group: Group) -> None:
    thread = a_thread(group.group_id, color="#1E90FF")

    store.create_thread(thread)

    assert store.get_thread(thread.thread_id) == thread


def test_thread_without_color_round_trips(store: Store, group: Group) -> None:
    thread = a_thread(group.group_id, color=None)
    store.create_thread(thread)

    assert store.get_thread(thread.thread_id) == thread


def test_create_thread_with_a_taken_id_is_a_conflict_and_changes_nothing(
    store: Store, group: Group
) -> None:
    thread = a_thread(group.group_id, name="First")
    store.create_thread(thread)

    with pytest.raises(Conflict):
        store.create_thread(replace(thread, thread_name="Second", created_at=at(9)))

    assert store.get_thread(thread.thread_id) == thread


def test_get_thread_of_unknown_id_is_none(store: Store) -> None:
    assert store.get_thread(new_ulid()) is None


def test_threads_are_listed_most_recent_first_with_ties_broken_by_id(
    store: Store, group: Group
) -> None:
    # Given threads created at 10, 30 and twice at 20 (a tie)
    threads = [a_thread(group.group_id, created_at=at(s)) for s in (10, 20, 30, 20)]
    for thread in threads:
        store.create_thread(thread)

    # When the group's threads are listed in one page
    page = store.list_threads_by_group(group.group_id, before_key=None, limit=10)

    # Then the order is by (lastMessageAt, threadId), descending, and no cursor is given
    assert list(page.items) == sorted(threads, key=_key, reverse=True)
    assert page.items[0].created_at == at(30)
    assert page.next_cursor is None


def test_listing_is_limited_to_the_group(store: Store, group: Group) -> None:
    other = a_group()
    store.create_group(other, owner_of(other, user_id()))
    mine, theirs = a_thread(group.group_id), a_thread(other.group_id)
    store.create_thread(mine)
    store.create_thread(theirs)

    page = store.list_threads_by_group(group.group_id, before_key=None, limit=10)

    assert page.items == (mine,)


def test_group_without_threads_lists_an_empty_page(store: Store, group: Group) -> None:
    page = store.list_threads_by_group(group.group_id, before_key=None, limit=5)

    assert page == Page((), None)


def test_paging_through_all_threads_has_no_duplicates_and_no_gaps(
    store: Store, group: Group
) -> None:
    # Given 7 threads, some sharing a timestamp
    threads = [a_thread(group.group_id, created_at=at(s)) for s in (1, 2, 2, 3, 5, 5, 5)]
    for thread in threads:
        store.create_thread(thread)

    # When they are read 3 at a time, following cursors
    pages = _all_pages(store, group.group_id, limit=3)

    # Then 3 pages hold every thread once, in order, and the last page has no cursor
    assert [len(page.items) for page in pages] == [3, 3, 1]
    listed = [thread for page in pages for thread in page.items]
    assert listed == sorted(threads, key=_key, reverse=True)
    assert [page.next_cursor is None for page in pages] == [False, False, True]


def test_cursor_is_the_key_of_the_last_thread_of_the_page(store: Store, group: Group) -> None:
    threads = [a_thread(group.group_id, created_at=at(s)) for s in (1, 2, 3)]
    for thread in threads:
        store.create_thread(thread)

    page = store.list_threads_by_group(group.group_id, before_key=None, limit=2)

    assert page.next_cursor == encode_cursor(_key(page.items[-1]))


def test_a_full_last_page_has_no_cursor(store: Store, group: Group) -> None:
    threads = [a_thread(group.group_id, created_at=at(s)) for s in (1, 2, 3, 4)]
    for thread in threads:
        store.create_thread(thread)

    pages = _all_pages(store, group.group_id, limit=2)

    assert [len(page.items) for page in pages] == [2, 2]
    assert pages[-1].next_cursor is None


def test_before_key_is_strictly_less_than(store: Store, group: Group) -> None:
    # Given threads at 1, 2, 3
    threads = [a_thread(group.group_id, created_at=at(s)) for s in (1, 2, 3)]
    for thread in threads:
        store.create_thread(thread)
    newest_first = sorted(threads, key=_key, reverse=True)

    # When listing before the exact key of the middle thread
    page = store.list_threads_by_group(group.group_id, before_key=_key(newest_first[1]), limit=10)

    # Then the middle thread itself is excluded
    assert list(page.items) == newest_first[2:]


def test_before_key_between_keys_and_before_everything(store: Store, group: Group) -> None:
    threads = [a_thread(group.group_id, created_at=at(s)) for s in (1, 3)]
    for thread in threads:
        store.create_thread(thread)

    between = store.list_threads_by_group(
        group.group_id, before_key=sort_key(at(2), new_ulid()), limit=10
    )
    before_all = store.list_threads_by_group(
        group.group_id, before_key=sort_key(at(0), new_ulid()), limit=10
    )

    assert [thread.created_at for thread in between.items] == [at(1)]
    assert before_all == Page((), None)


def test_threads_order_by_last_message_at_not_created_at(store: Store, group: Group) -> None:
    # Given an old thread that got a message after a newer thread was created
    old, new = (
        a_thread(group.group_id, created_at=at(1)),
        a_thread(group.group_id, created_at=at(2)),
    )
    store.create_thread(old)
    store.create_thread(new)
    store.append_message(a_message(old, user_id(), created_at=at(3)))

    page = store.list_threads_by_group(group.group_id, before_key=None, limit=10)

    assert [thread.thread_id for thread in page.items] == [old.thread_id, new.thread_id]
    assert page.items[0] == replace(old, last_message_at=at(3))


def test_a_thread_keeps_its_creator(store: Store, room: Room) -> None:
    thread = replace(a_thread(room.group.group_id), creator_user_id=room.owner)
    store.create_thread(thread)

    assert store.get_thread(thread.thread_id) == thread
