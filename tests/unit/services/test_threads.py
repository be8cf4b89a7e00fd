"""Use cases of threads: create_thread and get_threads_by_group."""

from __future__ import annotations

import pytest

from ourchat.domain.errors import BadRequest, Forbidden
from ourchat.domain.events import THREAD_CREATED
from ourchat.domain.ids import new_ulid
from ourchat.domain.models import Thread
from ourchat.domain.pagination import encode_cursor
from ourchat.domain.records import to_record
from ourchat.domain.timestamps import format_timestamp
from ourchat.services.access import NOT_A_MEMBER
from ourchat.services.threads import create_thread, get_threads_by_group
from tests.support.world import World


def test_create_thread_stores_it_and_tells_the_members(world: World) -> None:
    # Given a group whose owner and member are connected, and a connected outsider
    owner, member, outsider = world.user(), world.user(), world.user()
    group = world.group(owner, member)
    listeners = {world.connect(owner), world.connect(member)}
    world.connect(outsider)
    now = world.clock.now
    # When the member creates a thread
    thread = create_thread(
        world.store,
        world.pusher,
        world.clock,
        actor_id=member,
        group_id=group.group_id,
        thread_name="Plans",
        color="#1E90FF",
    )
    # Then it is stored, starts with lastMessageAt = createdAt, and members hear of it
    created_at = format_timestamp(now)
    assert thread == Thread(
        thread.thread_id, group.group_id, "Plans", created_at, created_at, "#1E90FF", member
    )
    assert world.store.threads == {thread.thread_id: thread}
    assert world.pusher.recipients() == listeners
    for connection_id in listeners:
        assert world.pusher.frames_to(connection_id) == [
            {
                "event": THREAD_CREATED,
                "groupId": group.group_id,
                "seq": world.store.groups[group.group_id].seq,
                "data": to_record(thread),
            }
        ]


@pytest.mark.parametrize("group_exists", [True, False])
def test_a_non_member_may_not_create_threads(world: World, group_exists: bool) -> None:
    stranger = world.user()
    group_id = world.group(world.user()).group_id if group_exists else new_ulid()
    with world.rejected(Forbidden, message=NOT_A_MEMBER):
        create_thread(
            world.store,
            world.pusher,
            world.clock,
            actor_id=stranger,
            group_id=group_id,
            thread_name="Plans",
        )


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("groupId", {"group_id": "group-1"}),
        ("threadName", {"thread_name": ""}),
        ("threadName", {"thread_name": "   "}),
        ("threadName", {"thread_name": "t" * 101}),
        ("threadName", {"thread_name": "bad\rname"}),
        ("color", {"color": "blue"}),
        ("color", {"color": "#12345"}),
        ("color", {"color": "#GGGGGG"}),
    ],
)
def test_a_bad_thread_is_rejected_and_nothing_is_stored(
    world: World, field: str, changes: dict[str, str]
) -> None:
    owner = world.user()
    group = world.group(owner)
    world.connect(owner)
    fields = {"group_id": group.group_id, "thread_name": "Plans", **changes}
    with world.rejected(BadRequest, naming=field):
        create_thread(world.store, world.pusher, world.clock, actor_id=owner, **fields)


def test_threads_are_listed_most_recent_first_and_move_up_on_new_messages(world: World) -> None:
    # Given three threads created in order
    owner = world.user()
    group = world.group(owner)
    first, second, _ = (world.thread(group, owner, f"T{i}") for i in range(3))

    def listed() -> list[str]:
        page = get_threads_by_group(world.store, actor_id=owner, group_id=group.group_id)
        return [t.thread_name for t in page.items]

    assert listed() == ["T2", "T1", "T0"]
    # When the first one gets a message, Then it comes first
    world.message(first, owner)
    assert listed() == ["T0", "T2", "T1"]
    world.message(second, owner)
    assert listed() == ["T1", "T0", "T2"]


def test_threads_page_with_the_default_limit_of_20_and_a_cursor(world: World) -> None:
    owner = world.user()
    group = world.group(owner)
    threads = [world.thread(group, owner, f"T{i}") for i in range(23)]
    first = get_threads_by_group(world.store, actor_id=owner, group_id=group.group_id)
    assert len(first.items) == 20
    assert first.next_cursor is not None
    rest = get_threads_by_group(
        world.store, actor_id=owner, group_id=group.group_id, cursor=first.next_cursor, limit=20
    )
    assert rest.next_cursor is None
    assert [t.thread_id for t in first.items + rest.items] == [t.thread_id for t in threads[::-1]]


def test_a_small_limit_pages_one_by_one(world: World) -> None:
    owner = world.user()
    group = world.group(owner)
    threads = [world.thread(group, owner) for _ in range(3)]
    seen: list[Thread] = []
    cursor: str | None = None
    for _ in range(3):
        page = get_threads_by_group(
            world.store, actor_id=owner, group_id=group.group_id, cursor=cursor, limit=1
        )
        seen += page.items
        cursor = page.next_cursor
    assert [t.thread_id for t in seen] == [t.thread_id for t in threads[::-1]]
    assert cursor is None


@pytest.mark.parametrize("group_exists", [True, False])
def test_a_non_member_may_not_list_threads(world: World, group_exists: bool) -> None:
    stranger = world.user()
    group_id = world.group(world.user()).group_id if group_exists else new_ulid()
    with world.rejected(Forbidden, message=NOT_A_MEMBER):
        get_threads_by_group(world.store, actor_id=stranger, group_id=group_id)


@pytest.mark.parametrize(
    ("field", "cursor", "limit"),
    [
        ("cursor", "", None),
        ("cursor", "not-a-cursor", None),
        ("cursor", encode_cursor("2026-11-28#x"), None),
        ("limit", None, 0),
        ("limit", None, 101),
        ("limit", None, True),
    ],
)
def test_a_bad_cursor_or_limit_is_rejected(
    world: World, field: str, cursor: str | None, limit: int | None
) -> None:
    owner = world.user()
    group = world.group(owner)
    with world.rejected(BadRequest, naming=field):
        get_threads_by_group(
            world.store, actor_id=owner, group_id=group.group_id, cursor=cursor, limit=limit
        )


def test_a_malformed_group_id_is_rejected_when_listing(world: World) -> None:
    owner = world.user()
    with world.rejected(BadRequest, naming="groupId"):
        get_threads_by_group(world.store, actor_id=owner, group_id="nope")
