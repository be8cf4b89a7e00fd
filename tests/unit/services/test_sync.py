"""Use case sync: a gap-free resume per group, paging, resets, and who sees what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ourchat.domain.errors import BadRequest
from ourchat.domain.ids import new_ulid
from ourchat.domain.limits import EVENT_RETENTION, MAX_SYNC_GROUPS
from ourchat.domain.models import Group, Thread
from ourchat.ports.store import LoggedEvent
from ourchat.services.members import leave_group
from ourchat.services.message_changes import react
from ourchat.services.messages import send_message
from ourchat.services.sync import SyncResult, sync
from ourchat.services.threads import create_thread
from tests.support.fakes import FakeStore
from tests.support.world import World


def _sync(world: World, user: str, *positions: tuple[str, int], **options: Any) -> SyncResult:
    return sync(
        world.store,
        world.clock,
        user_id=user,
        positions=list(positions),
        pause=lambda _: None,
        **options,
    )


def _say(world: World, sender: str, thread: Thread, content: str = "hi") -> None:
    send_message(
        world.store,
        world.pusher,
        world.clock,
        sender_id=sender,
        group_id=thread.group_id,
        thread_id=thread.thread_id,
        content=content,
    )


def _seq(world: World, group: Group) -> int:
    return world.store.groups[group.group_id].seq or 0


def test_a_member_gets_every_event_after_its_seq_exactly_as_pushed(world: World) -> None:
    # Given a member whose client saw the group up to now, then went away
    owner, member = world.user(), world.user()
    group = world.group(owner, member)
    thread = world.thread(group, owner)
    _say(world, member, thread, "zero")
    seen = _seq(world, group)
    listener = world.connect(owner)
    # While it was away: a thread, messages, a reaction
    create_thread(
        world.store,
        world.pusher,
        world.clock,
        actor_id=owner,
        group_id=group.group_id,
        thread_name="x",
    )
    _say(world, owner, thread, "one")
    _say(world, member, thread, "two")
    message = world.store.list_messages(group.group_id, thread.thread_id, before_key=None, limit=3)
    react(
        world.store,
        world.pusher,
        world.clock,
        actor_id=owner,
        thread_id=thread.thread_id,
        message_id=message.items[-1].message_id,  # "zero": its pushed frame came before
        emoji="👍",
        adding=True,
    )
    # Then sync from its seq returns those events, numbered on from it, as they were pushed
    result = _sync(world, member, (group.group_id, seen))
    assert result.events == world.pusher.frames_to(listener)
    assert [e["seq"] for e in result.events] == list(range(seen + 1, _seq(world, group) + 1))
    assert (result.next_cursor, result.resets) == (None, [])
    # And from the latest seq there is nothing
    assert _sync(world, member, (group.group_id, _seq(world, group))).events == []


def test_groups_come_in_group_id_order_and_pages_continue_by_cursor(world: World) -> None:
    owner = world.user()
    groups = [world.group(owner, name=f"g{n}") for n in range(3)]
    for group in groups:
        thread = world.thread(group, owner)
        for n in range(4):
            _say(world, owner, thread, f"m{n}")
    positions = [(g.group_id, 1) for g in groups]  # after each thread.created
    # When synced three events at a time
    pages, cursor = [], None
    while True:
        page = _sync(world, owner, *positions, limit=3, cursor=cursor)
        pages.append(page.events)
        cursor = page.next_cursor
        if cursor is None:
            break
    events = [e for page in pages for e in page]
    # Then all twelve messages came once, by group id then seq, three per page
    assert [len(page) for page in pages] == [3, 3, 3, 3]
    expected = [
        (g.group_id, s) for g in sorted(groups, key=lambda g: g.group_id) for s in range(2, 6)
    ]
    assert [(e["groupId"], e["seq"]) for e in events] == expected


def test_a_reply_stops_short_of_96_kib(world: World) -> None:
    owner = world.user()
    group = world.group(owner)
    thread = world.thread(group, owner)
    for _ in range(10):
        _say(world, owner, thread, "€" * 4000)  # about 12 KB each as JSON
    first = _sync(world, owner, (group.group_id, 1), limit=500)
    size = sum(len(str(e["data"]["content"]).encode()) for e in first.events)
    assert 0 < len(first.events) < 10
    assert size < 96 * 1024
    rest = _sync(world, owner, (group.group_id, 1), limit=500, cursor=first.next_cursor)
    assert len(first.events) + len(rest.events) == 10
    assert rest.next_cursor is None


def test_a_member_who_left_gets_events_up_to_leaving_and_nothing_after(world: World) -> None:
    owner, leaver = world.user(), world.user()
    group = world.group(owner, leaver)
    thread = world.thread(group, owner)
    seen = _seq(world, group)
    _say(world, owner, thread, "before")
    leave_group(world.store, world.pusher, world.clock, user_id=leaver, group_id=group.group_id)
    _say(world, owner, thread, "after")
    result = _sync(world, leaver, (group.group_id, seen))
    assert [e["event"] for e in result.events] == ["message.created", "member.removed"]
    assert result.events[-1]["data"]["userId"] == leaver
    assert _sync(world, leaver, (group.group_id, seen + 2)).events == []


@pytest.mark.parametrize("case", ["outsider", "unknown group", "ahead", "before joining"])
def test_positions_the_caller_cannot_resume_from_are_resets(world: World, case: str) -> None:
    owner, member, outsider = world.user(), world.user(), world.user()
    group = world.group(owner)
    thread = world.thread(group, owner)
    _say(world, owner, thread)
    world.join(group, owner, member)  # joins at the latest seq
    user, group_id, after = {
        "outsider": (outsider, group.group_id, 0),
        "unknown group": (member, new_ulid(), 0),
        "ahead": (member, group.group_id, _seq(world, group) + 1),
        "before joining": (member, group.group_id, 0),
    }[case]
    result = _sync(world, user, (group_id, after))
    assert (result.events, result.resets) == ([], [group_id])


def test_joining_members_resume_from_their_member_added(world: World) -> None:
    owner, member = world.user(), world.user()
    group = world.group(owner)
    _say(world, owner, world.thread(group, owner))
    before = _seq(world, group)
    world.join(group, owner, member)
    result = _sync(world, member, (group.group_id, before))
    assert [e["event"] for e in result.events] == ["member.added"]


def test_a_history_older_than_its_retention_is_a_reset(world: World) -> None:
    owner = world.user()
    group = world.group(owner)
    world.thread(group, owner)  # thread.created is logged; it expires with the log
    # Stores stamp expiry from the real time; move the clock past it
    expired = datetime.now(UTC) + EVENT_RETENTION + timedelta(days=1)
    world.clock.advance(expired - world.clock.now)
    _say(world, owner, world.store.threads[next(iter(world.store.threads))])
    result = _sync(world, owner, (group.group_id, 0))
    assert (result.events, result.resets) == ([], [group.group_id])


def test_many_expired_histories_cost_one_pause_in_all(world: World) -> None:
    # Given a member of 40 groups whose histories expired while they were away
    owner = world.user()
    groups = [world.group(owner) for _ in range(40)]
    for group in groups:
        world.thread(group, owner)
    expired = datetime.now(UTC) + EVENT_RETENTION + timedelta(days=1)
    world.clock.advance(expired - world.clock.now)
    for thread in list(world.store.threads.values()):
        _say(world, owner, thread)
    pauses: list[float] = []
    # When their client syncs them all at once
    result = sync(
        world.store,
        world.clock,
        user_id=owner,
        positions=[(g.group_id, 0) for g in groups],
        pause=pauses.append,
    )
    # Then every group is a reset, after a single pause (not one per group)
    assert sorted(result.resets) == sorted(g.group_id for g in groups)
    assert pauses == [0.25]


class LaggingStore(FakeStore):
    """A store whose history index misses the newest message for `lagging` reads, as
    DynamoDB's eventually consistent ByGroupSeq can for a moment."""

    def __init__(self, lagging: int) -> None:
        super().__init__()
        self.lagging = lagging

    def read_events(
        self, group_id: str, *, after_seq: int, limit: int, now_epoch_seconds: int
    ) -> list[LoggedEvent]:
        events = super().read_events(
            group_id, after_seq=after_seq, limit=limit, now_epoch_seconds=now_epoch_seconds
        )
        if self.lagging and len(events) > 1:
            self.lagging -= 1
            return events[:-2] + events[-1:]
        return events


@pytest.mark.parametrize(("lagging", "reset"), [(1, False), (2, True)])
def test_a_gap_is_read_again_once_before_it_is_a_reset(lagging: int, reset: bool) -> None:
    world = World(store=LaggingStore(lagging=0))
    owner = world.user()
    group = world.group(owner)
    thread = world.thread(group, owner)
    for _ in range(3):
        _say(world, owner, thread)
    assert isinstance(world.store, LaggingStore)
    world.store.lagging = lagging
    result = _sync(world, owner, (group.group_id, 1))
    if reset:
        assert (result.events, result.resets) == ([], [group.group_id])
    else:
        assert [e["seq"] for e in result.events] == [2, 3, 4]


@pytest.mark.parametrize(
    ("positions", "options", "naming"),
    [
        ([("g", 0)], {}, "groupId"),
        ([("G", -1)], {}, "afterSeq"),
        ([("G", 0), ("G", 1)], {}, "twice"),
        ([("G", 0)], {"limit": 501}, "limit"),
        ([("G", 0)], {"cursor": "nonsense"}, "cursor"),
    ],
)
def test_malformed_syncs_are_bad_requests(
    world: World, positions: list[tuple[str, int]], options: dict[str, Any], naming: str
) -> None:
    owner = world.user()
    group_id = world.group(owner).group_id
    named = [(group_id if g == "G" else g, s) for g, s in positions]
    with world.rejected(BadRequest, naming=naming):
        _sync(world, owner, *named, **options)


def test_at_most_500_groups_at_once(world: World) -> None:
    owner = world.user()
    positions = [(new_ulid(), 0) for _ in range(MAX_SYNC_GROUPS + 1)]
    with world.rejected(BadRequest, naming=str(MAX_SYNC_GROUPS)):
        _sync(world, owner, *positions)
