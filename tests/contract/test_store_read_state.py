"""Contract of the Store port: read pointers and unread counts."""

from __future__ import annotations

from ourchat.domain.models import Message, ReadPointer
from ourchat.domain.pagination import message_sort_key
from ourchat.ports.store import Store
from tests.support.builders import Room, a_member, a_message, a_thread, at, user_id

FLOOR = f"{at(0)}#"


def _say(store: Store, room: Room, sender: str, second: float) -> Message:
    return store.append_message(a_message(room.thread, sender, created_at=at(second)))


def _pointer(reader: str, message: Message) -> ReadPointer:
    return ReadPointer(
        reader,
        message.thread_id,
        message.group_id,
        message.message_id,
        message_sort_key(message),
        at(99),
    )


def test_a_pointer_only_moves_forward(store: Store, room: Room) -> None:
    reader = user_id()
    first, second = _say(store, room, room.owner, 1), _say(store, room, room.owner, 2)
    assert store.mark_read(_pointer(reader, second)) == _pointer(reader, second)
    assert store.mark_read(_pointer(reader, first)) == _pointer(reader, second)
    assert store.read_pointers(reader, [room.thread.thread_id, "other"]) == [
        _pointer(reader, second)
    ]
    assert store.read_pointers(user_id(), [room.thread.thread_id]) == []


def test_unread_are_others_live_messages_after_the_pointer_up_to_a_cap(
    store: Store, room: Room
) -> None:
    reader, other = user_id(), user_id()
    store.add_membership(a_member(room.group.group_id, reader))
    read = _say(store, room, other, 1)
    _say(store, room, reader, 2)  # the reader's own
    gone = _say(store, room, other, 3)
    for second in range(4, 10):
        _say(store, room, other, second)
    store.delete_message(gone.message_id, at(20))
    thread = store.get_thread(room.thread.thread_id)
    assert thread is not None
    # Before any pointer: from the floor
    assert store.unread_in_threads(reader, [thread], FLOOR, 100) == {thread.thread_id: 7}
    store.mark_read(_pointer(reader, read))
    assert store.unread_in_threads(reader, [thread], FLOOR, 100) == {thread.thread_id: 6}
    assert store.unread_in_threads(reader, [thread], FLOOR, 4) == {thread.thread_id: 4}
    # A floor after the pointer wins (nothing before joining is unread)
    assert store.unread_in_threads(reader, [thread], f"{at(8)}#", 100) == {thread.thread_id: 2}
    assert store.unread_in_group(reader, room.group.group_id, FLOOR, 100, 20) == 6
    assert store.unread_in_group(reader, room.group.group_id, FLOOR, 3, 20) == 3


def test_a_group_s_unread_sums_its_most_recently_active_threads(store: Store, room: Room) -> None:
    reader, other = user_id(), user_id()
    threads = [room.thread]
    for n in range(3):
        thread = a_thread(room.group.group_id, created_at=at(n + 1))
        store.create_thread(thread)
        threads.append(thread)
    for n, thread in enumerate(threads):
        for k in range(n + 1):
            store.append_message(a_message(thread, other, created_at=at(10 * (n + 1) + k)))
    # Threads were active in order: the last two hold 3 + 4 unread
    assert store.unread_in_group(reader, room.group.group_id, FLOOR, 100, 2) == 7
    assert store.unread_in_group(reader, room.group.group_id, FLOOR, 100, 20) == 10
    assert store.unread_in_group(reader, room.group.group_id, f"{at(40)}#", 100, 20) == 4
