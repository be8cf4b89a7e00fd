"""Contract of the Store port: live connections and the fan-out to a group's members."""

from __future__ import annotations

from ourchat.domain.ids import new_ulid
from ourchat.domain.models import Connection, Group
from ourchat.ports.store import Store
from tests.support.builders import (
    a_connection,
    a_group,
    a_member,
    future_epoch,
    owner_of,
    user_id,
)


def _group_of(store: Store, *members: str) -> Group:
    group = a_group()
    store.create_group(group, owner_of(group, members[0]))
    for member in members[1:]:
        store.add_membership(a_member(group.group_id, member))
    return group


def _by_id(*connections: Connection) -> list[Connection]:
    return sorted(connections, key=lambda connection: connection.connection_id)


def test_connections_of_members_are_returned_ordered_by_id(store: Store) -> None:
    # Given two members with one and two live connections
    now = future_epoch()
    ada, grace = user_id(), user_id()
    group = _group_of(store, ada, grace)
    connections = [
        a_connection(ada, expires_at=now + 60),
        a_connection(grace, expires_at=now + 60),
        a_connection(grace, expires_at=now + 120),
    ]
    for connection in connections:
        store.put_connection(connection)

    # When the group's connections are read
    found = store.connections_for_group(group.group_id, now)

    # Then all three come back, by connectionId
    assert found == _by_id(*connections)


def test_group_without_live_connections_has_none(store: Store) -> None:
    group = _group_of(store, user_id())

    assert store.connections_for_group(group.group_id, future_epoch()) == []
    assert store.connections_for_group(new_ulid(), future_epoch()) == []


def test_connections_of_non_members_are_never_returned(store: Store) -> None:
    now = future_epoch()
    member, stranger = user_id(), user_id()
    group = _group_of(store, member)
    mine = a_connection(member, expires_at=now + 60)
    store.put_connection(mine)
    store.put_connection(a_connection(stranger, expires_at=now + 60))
    # A group the stranger is in does not leak into this one
    _group_of(store, stranger)

    assert store.connections_for_group(group.group_id, now) == [mine]


def test_expired_connections_are_filtered_out(store: Store) -> None:
    # Given connections that expired before now, and one that expires after it
    now = future_epoch()
    ada = user_id()
    group = _group_of(store, ada)
    live = a_connection(ada, expires_at=now + 1)
    store.put_connection(live)
    store.put_connection(a_connection(ada, expires_at=now - 1))
    store.put_connection(a_connection(ada, expires_at=now - 3600))

    # Then only the live one is returned; later, none is
    assert store.connections_for_group(group.group_id, now) == [live]
    assert store.connections_for_group(group.group_id, now + 2) == []
    # Earlier, all three were live
    assert len(store.connections_for_group(group.group_id, now - 3601)) == 3


def test_a_connection_is_stale_from_its_expires_at_second(store: Store) -> None:
    now = future_epoch()
    ada = user_id()
    group = _group_of(store, ada)
    connection = a_connection(ada, expires_at=now)
    store.put_connection(connection)

    assert store.connections_for_group(group.group_id, now - 1) == [connection]
    assert store.connections_for_group(group.group_id, now) == []


def test_connection_subscribes_to_groups_joined_after_connecting(store: Store) -> None:
    # Given a user connected before being added to a group
    now = future_epoch()
    owner, late = user_id(), user_id()
    group = _group_of(store, owner)
    connection = a_connection(late, expires_at=now + 60)
    store.put_connection(connection)
    assert store.connections_for_group(group.group_id, now) == []

    # When they are added
    store.add_membership(a_member(group.group_id, late))

    # Then their connection receives the group's events
    assert store.connections_for_group(group.group_id, now) == [connection]


def test_owner_connected_before_creating_a_group_receives_its_events(store: Store) -> None:
    # Given a connected user
    now = future_epoch()
    owner = user_id()
    connection = a_connection(owner, expires_at=now + 60)
    store.put_connection(connection)

    # When they create a group (its first event, thread.created, must reach them)
    group = _group_of(store, owner)

    # Then their connection belongs to the group's fan-out
    assert store.connections_for_group(group.group_id, now) == [connection]


def test_connection_subscribes_to_every_group_of_its_user(store: Store) -> None:
    now = future_epoch()
    ada = user_id()
    first, second = _group_of(store, ada), _group_of(store, user_id(), ada)
    connection = a_connection(ada, expires_at=now + 60)

    store.put_connection(connection)

    assert store.connections_for_group(first.group_id, now) == [connection]
    assert store.connections_for_group(second.group_id, now) == [connection]


def test_delete_connection_unsubscribes_it_from_every_group(store: Store) -> None:
    now = future_epoch()
    ada = user_id()
    first, second = _group_of(store, ada), _group_of(store, ada)
    gone, kept = a_connection(ada, expires_at=now + 60), a_connection(ada, expires_at=now + 60)
    store.put_connection(gone)
    store.put_connection(kept)

    store.delete_connection(ada, gone.connection_id)

    assert store.connections_for_group(first.group_id, now) == [kept]
    assert store.connections_for_group(second.group_id, now) == [kept]


def test_deleting_an_unknown_connection_is_no_error(store: Store) -> None:
    now = future_epoch()
    ada = user_id()
    group = _group_of(store, ada)
    connection = a_connection(ada, expires_at=now + 60)
    store.put_connection(connection)

    store.delete_connection(ada, "never-seen=")
    store.delete_connection(user_id(), connection.connection_id)
    store.delete_connection(ada, connection.connection_id)
    store.delete_connection(ada, connection.connection_id)

    assert store.connections_for_group(group.group_id, now) == []


def test_put_connection_again_replaces_it(store: Store) -> None:
    # Given a connection registered twice, the second time with a later expiry
    now = future_epoch()
    ada = user_id()
    group = _group_of(store, ada)
    first = a_connection(ada, expires_at=now + 10)
    again = Connection(first.connection_id, ada, first.connected_at, now + 3600)
    store.put_connection(first)
    store.put_connection(again)

    # Then it is listed once, with the later expiry
    assert store.connections_for_group(group.group_id, now) == [again]
    assert store.connections_for_group(group.group_id, now + 60) == [again]


def test_connections_of_a_user_are_their_live_ones_ordered_by_id(store: Store) -> None:
    # Given a user (in no group: the read needs none) with live and expired connections,
    # and another user's live one
    now = future_epoch()
    ada, grace = user_id(), user_id()
    live = [a_connection(ada, expires_at=now + 1), a_connection(ada, expires_at=now + 3600)]
    expired = [a_connection(ada, expires_at=now), a_connection(ada, expires_at=now - 3600)]
    for connection in [*live, *expired, a_connection(grace, expires_at=now + 60)]:
        store.put_connection(connection)

    # Then only ada's unexpired ones come back, by connectionId (expiresAt == now is stale)
    assert store.connections_of_user(ada, now) == _by_id(*live)
    assert store.connections_of_user(ada, now + 1) == [live[1]]
    # Earlier, all four were live; a user with none has none
    assert store.connections_of_user(ada, now - 3601) == _by_id(*live, *expired)
    assert store.connections_of_user(user_id(), now) == []
