"""Use cases of read state: markRead, read.updated, and unread counts in listings."""

from __future__ import annotations

from ourchat.domain.errors import Forbidden, NotFound
from ourchat.domain.events import READ_UPDATED
from ourchat.domain.ids import new_ulid
from ourchat.domain.limits import MAX_UNREAD_COUNT
from ourchat.domain.models import Message, Thread
from ourchat.services.groups import list_groups
from ourchat.services.message_changes import delete_message
from ourchat.services.read_state import mark_read
from ourchat.services.threads import get_threads_by_group
from tests.support.world import World


def _mark(world: World, user: str, connection: str, message: Message) -> str:
    pointer = mark_read(
        world.store,
        world.pusher,
        world.clock,
        user_id=user,
        connection_id=connection,
        thread_id=message.thread_id,
        message_id=message.message_id,
    )
    return pointer.message_id


def _unread(world: World, user: str, thread: Thread) -> tuple[int, str | None]:
    page = get_threads_by_group(world.store, actor_id=user, group_id=thread.group_id)
    view = next(t for t in page.items if t.thread_id == thread.thread_id)
    return view.unread_count, view.last_read_message_id


def test_a_pointer_moves_forward_only_and_tells_the_reader_s_other_connections(
    world: World,
) -> None:
    # Given a reader on two connections, and another member
    reader, other = world.user(), world.user()
    thread = world.thread(world.group(reader, other), reader)
    first, second = world.message(thread, other), world.message(thread, other)
    here, elsewhere, others = world.connect(reader), world.connect(reader), world.connect(other)
    # When the reader marks the second message read, then the first
    assert _mark(world, reader, here, second) == second.message_id
    assert _mark(world, reader, here, first) == second.message_id  # stays further on
    # Then only the reader's other connection heard it, once
    assert world.pusher.frames_to(elsewhere) == [
        {
            "event": READ_UPDATED,
            "data": {
                "groupId": thread.group_id,
                "threadId": thread.thread_id,
                "messageId": second.message_id,
            },
        }
    ]
    assert world.pusher.frames_to(here) == world.pusher.frames_to(others) == []


def test_unread_counts_others_live_messages_after_the_pointer(world: World) -> None:
    reader, other = world.user(), world.user()
    thread = world.thread(world.group(reader, other), reader)
    connection = world.connect(reader)
    read = world.message(thread, other)
    assert _unread(world, reader, thread) == (1, None)
    _mark(world, reader, connection, read)
    world.message(thread, reader)  # mine: never unread to me
    later = world.message(thread, other)
    world.message(thread, other)
    assert _unread(world, reader, thread) == (2, read.message_id)
    delete_message(
        world.store,
        world.pusher,
        world.clock,
        actor_id=other,
        thread_id=thread.thread_id,
        message_id=later.message_id,
    )
    assert _unread(world, reader, thread) == (1, read.message_id)


def test_nothing_said_before_joining_is_unread(world: World) -> None:
    owner, newcomer = world.user(), world.user()
    group = world.group(owner)
    thread = world.thread(group, owner)
    world.message(thread, owner)
    world.join(group, owner, newcomer)
    assert _unread(world, newcomer, thread) == (0, None)
    world.message(thread, owner)
    assert _unread(world, newcomer, thread) == (1, None)


def test_counts_stop_at_100_and_a_group_sums_its_threads(world: World) -> None:
    reader, other = world.user(), world.user()
    group = world.group(reader, other)
    busy, quiet = world.thread(group, reader), world.thread(group, reader)
    for _ in range(MAX_UNREAD_COUNT + 5):
        world.message(busy, other)
    world.message(quiet, other)
    assert _unread(world, reader, busy)[0] == MAX_UNREAD_COUNT
    assert _unread(world, reader, quiet)[0] == 1
    listed = list_groups(world.store, user_id=reader)
    assert [g.unread_count for g in listed.items] == [MAX_UNREAD_COUNT]
    # Once the busy thread is read, the group shows what is left
    latest = world.store.list_messages(group.group_id, busy.thread_id, before_key=None, limit=1)
    _mark(world, reader, world.connect(reader), latest.items[0])
    assert [g.unread_count for g in list_groups(world.store, user_id=reader).items] == [1]


def test_mark_read_names_a_message_of_the_thread_the_caller_may_read(world: World) -> None:
    owner, outsider = world.user(), world.user()
    group = world.group(owner)
    first, second = world.thread(group, owner), world.thread(group, owner)
    message = world.message(first, owner)
    world.group(outsider)
    connection = world.connect(owner)
    with world.rejected(NotFound):
        mark_read(
            world.store,
            world.pusher,
            world.clock,
            user_id=owner,
            connection_id=connection,
            thread_id=second.thread_id,
            message_id=message.message_id,
        )
    with world.rejected(NotFound):
        mark_read(
            world.store,
            world.pusher,
            world.clock,
            user_id=owner,
            connection_id=connection,
            thread_id=first.thread_id,
            message_id=new_ulid(),
        )
    outsider_connection = world.connect(outsider)
    with world.rejected(Forbidden):
        _mark(world, outsider, outsider_connection, message)
