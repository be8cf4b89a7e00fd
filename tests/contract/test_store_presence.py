"""Contract of the Store port: presence, presence watches, typing marks."""

from __future__ import annotations

import threading

from ourchat.ports.store import Store
from tests.support.builders import Room, a_connection, a_member, a_user, future_epoch, user_id


def test_the_first_connection_comes_online_and_the_last_goes_offline(
    store: Store, room: Room
) -> None:
    now = future_epoch() - 100
    user = a_user()
    store.put_user(user)
    first = a_connection(user.user_id, expires_at=now + 60)
    second = a_connection(user.user_id, expires_at=now + 60)
    stale = a_connection(user.user_id, expires_at=now - 1)
    assert store.come_online(stale, now - 10) is True
    assert store.come_online(first, now) is True  # the stale one does not count
    assert store.come_online(second, now) is False
    assert store.online_users([user.user_id, user_id()], now) == {user.user_id}
    assert store.go_offline(user.user_id, first.connection_id, now) is False
    assert store.go_offline(user.user_id, first.connection_id, now) is False  # again
    assert store.go_offline(user.user_id, second.connection_id, now) is True
    assert store.online_users([user.user_id], now) == set()
    assert store.online_users([user.user_id], now - 70) == set()


def test_of_racing_first_connections_exactly_one_comes_online(store: Store, room: Room) -> None:
    now = future_epoch() - 100
    user = a_user()
    store.put_user(user)
    connections = [a_connection(user.user_id, expires_at=now + 60) for _ in range(8)]
    results: list[bool] = []
    start = threading.Barrier(len(connections))

    def connect(index: int) -> None:
        start.wait(timeout=30)
        results.append(store.come_online(connections[index], now))

    workers = [threading.Thread(target=connect, args=(i,)) for i in range(len(connections))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(results) == [False] * 7 + [True]


def test_watchers_are_members_connections_that_watch_the_group(store: Store, room: Room) -> None:
    now = future_epoch() - 100
    member, leaver = user_id(), user_id()
    for user in (member, leaver):
        store.put_user(a_user(user))
        store.add_membership(a_member(room.group.group_id, user))
    watching = a_connection(member, expires_at=now + 60)
    idle = a_connection(member, expires_at=now + 60)
    leaving = a_connection(leaver, expires_at=now + 60)
    for connection in (watching, idle, leaving):
        store.put_connection(connection)
    store.watch_presence(member, watching.connection_id, room.group.group_id)
    store.watch_presence(leaver, leaving.connection_id, room.group.group_id)
    assert [c.connection_id for c in store.presence_watchers(room.group.group_id, now)] == sorted(
        [watching.connection_id, leaving.connection_id]
    )
    # A leaver's watch ends with the membership; an unwatch ends one; a gone one too
    store.remove_membership(
        room.group.group_id, leaver, reason="left", departed_at=room.group.created_at
    )
    assert store.presence_watchers(room.group.group_id, now) == [watching]
    store.watch_presence(member, watching.connection_id, None)
    assert store.presence_watchers(room.group.group_id, now) == []
    store.watch_presence(member, idle.connection_id, room.group.group_id)
    store.delete_connection(member, idle.connection_id)
    assert store.presence_watchers(room.group.group_id, now) == []


def test_typing_is_passed_on_once_per_interval_per_thread(store: Store, room: Room) -> None:
    group, owner = room.group.group_id, room.owner
    assert store.note_typing(group, owner, "t1", 10_000, 3_000, 1_000) is True
    assert store.note_typing(group, owner, "t1", 12_000, 3_000, 1_000) is False
    assert store.note_typing(group, owner, "t2", 12_500, 3_000, 1_000) is True
    assert store.note_typing(group, owner, "t2", 15_500, 3_000, 1_000) is True
    assert store.note_typing(group, user_id(), "t1", 20_000, 3_000, 1_000) is False


def test_switching_threads_passes_typing_on_once_per_second_at_most(
    store: Store, room: Room
) -> None:
    # Typing that alternates between two threads as fast as it can
    group, owner = room.group.group_id, room.owner
    passed = [
        store.note_typing(group, owner, f"t{n % 2}", 10_000 + 250 * n, 3_000, 1_000)
        for n in range(12)
    ]
    # is passed on at most once per second (a thread's own 3 s holding too), not per switch
    assert passed == [
        True,
        False,
        False,
        False,
        False,
        True,
        False,
        False,
        False,
        False,
        True,
        False,
    ]
