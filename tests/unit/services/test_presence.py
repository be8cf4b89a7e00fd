"""Use cases of presence and typing: presence.changed to watchers only, typing deduplicated."""

from __future__ import annotations

from datetime import timedelta

from ourchat.domain.errors import Forbidden
from ourchat.domain.events import PRESENCE_CHANGED, TYPING
from ourchat.domain.limits import TYPING_REPEAT, TYPING_SWITCH
from ourchat.domain.models import Group, Thread
from ourchat.services.connections import open_connection, unregister_connection
from ourchat.services.members import leave_group, list_members
from ourchat.services.presence import typing, watch_presence
from tests.support.world import World, new_connection_id


def _open(world: World, user: str) -> str:
    connection_id = new_connection_id()
    open_connection(
        world.store,
        world.clock,
        world.pusher,
        user_id=user,
        user_name=None,
        connection_id=connection_id,
    )
    return connection_id


def _close(world: World, user: str, connection_id: str) -> None:
    unregister_connection(
        world.store, world.clock, world.pusher, user_id=user, connection_id=connection_id
    )


def _watch(world: World, user: str, connection_id: str, group: Group | None) -> None:
    group_id = group.group_id if group is not None else None
    watch_presence(world.store, user_id=user, connection_id=connection_id, group_id=group_id)


def _presence(world: World, connection_id: str) -> list[tuple[str, bool]]:
    return [
        (f["data"]["userId"], f["data"]["online"])
        for f in world.pusher.frames_to(connection_id)
        if f["event"] == PRESENCE_CHANGED
    ]


def test_watchers_hear_a_member_s_first_connection_and_last_disconnection(world: World) -> None:
    # Given a watcher of a group, a member of it, and a connection not watching
    watcher, member = world.user(), world.user()
    group = world.group(watcher, member)
    watching, idle = _open(world, watcher), _open(world, watcher)
    _watch(world, watcher, watching, group)
    # When the member connects twice and disconnects twice
    first, second = _open(world, member), _open(world, member)
    _close(world, member, first)
    _close(world, member, second)
    # Then the watching connection heard online once, then offline once; the other nothing
    assert _presence(world, watching) == [(member, True), (member, False)]
    assert _presence(world, idle) == []


def test_a_connection_watches_one_group_and_stops_when_told(world: World) -> None:
    watcher, ann, bob = world.user(), world.user(), world.user()
    first, second = world.group(watcher, ann), world.group(watcher, bob)
    watching = _open(world, watcher)
    _watch(world, watcher, watching, first)
    _watch(world, watcher, watching, second)  # replaces the first
    ann_connection = _open(world, ann)
    bob_connection = _open(world, bob)
    _watch(world, watcher, watching, None)
    _close(world, bob, bob_connection)
    _close(world, ann, ann_connection)
    assert _presence(world, watching) == [(bob, True)]


def test_a_member_who_left_watches_no_more(world: World) -> None:
    owner, leaver, other = world.user(), world.user(), world.user()
    group = world.group(owner, leaver, other)
    watching = _open(world, leaver)
    _watch(world, leaver, watching, group)
    leave_group(world.store, world.pusher, world.clock, user_id=leaver, group_id=group.group_id)
    _open(world, other)
    assert _presence(world, watching) == []


def test_only_members_watch_a_group(world: World) -> None:
    owner, outsider = world.user(), world.user()
    group = world.group(owner)
    world.group(outsider)
    connection = _open(world, outsider)
    with world.rejected(Forbidden):
        _watch(world, outsider, connection, group)


def test_the_member_list_says_who_is_online(world: World) -> None:
    owner, member = world.user(), world.user()
    group = world.group(owner, member)
    connection = _open(world, member)

    def online() -> dict[str, bool]:
        page = list_members(
            world.store,
            world.clock,
            actor_id=owner,
            group_id=group.group_id,
            cursor=None,
            limit=None,
        )
        return {m.user_id: m.online for m in page.items}

    assert online() == {owner: False, member: True}
    _close(world, member, connection)
    assert online() == {owner: False, member: False}


def _type(world: World, user: str, thread: Thread) -> None:
    typing(world.store, world.pusher, world.clock, user_id=user, thread_id=thread.thread_id)


def _typing_frames(world: World, connection_id: str) -> list[tuple[str, str]]:
    return [
        (f["data"]["userId"], f["data"]["threadId"])
        for f in world.pusher.frames_to(connection_id)
        if f["event"] == TYPING
    ]


def test_typing_reaches_the_others_at_most_once_per_three_seconds_per_thread(
    world: World,
) -> None:
    typist, reader = world.user(), world.user()
    group = world.group(typist, reader)
    here, there = world.thread(group, typist), world.thread(group, typist)
    typist_connection, reader_connection = world.connect(typist), world.connect(reader)
    _type(world, typist, here)
    _type(world, typist, here)  # a repeat within 3 s: dropped
    _type(world, typist, there)  # another thread within a second: dropped too
    world.clock.advance(TYPING_SWITCH + timedelta(milliseconds=1))
    _type(world, typist, there)  # another thread a second later: passed on
    world.clock.advance(TYPING_REPEAT + timedelta(milliseconds=1))
    _type(world, typist, there)
    assert _typing_frames(world, reader_connection) == [
        (typist, here.thread_id),
        (typist, there.thread_id),
        (typist, there.thread_id),
    ]
    assert _typing_frames(world, typist_connection) == []
    frame = world.pusher.frames_to(reader_connection)[0]
    assert frame == {
        "event": TYPING,
        "groupId": group.group_id,
        "data": {"groupId": group.group_id, "threadId": here.thread_id, "userId": typist},
    }


def test_outsiders_cannot_type_into_a_thread(world: World) -> None:
    owner, outsider = world.user(), world.user()
    thread = world.thread(world.group(owner), owner)
    world.group(outsider)
    with world.rejected(Forbidden):
        _type(world, outsider, thread)
