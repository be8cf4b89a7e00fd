"""Registering and forgetting live WebSocket connections."""

from __future__ import annotations

from datetime import timedelta

from ourchat.domain.models import Connection
from ourchat.domain.timestamps import format_timestamp
from ourchat.services.connections import (
    CONNECTION_LIFETIME,
    register_connection,
    unregister_connection,
)
from ourchat.services.messages import send_message
from tests.support.world import World, new_connection_id


def test_a_connection_expires_2_hours_5_minutes_after_it_connected(world: World) -> None:
    user_id, connection_id = world.user(), new_connection_id()
    connected = world.clock.now
    connection = register_connection(
        world.store, world.clock, user_id=user_id, connection_id=connection_id
    )
    assert timedelta(hours=2, minutes=5) == CONNECTION_LIFETIME
    assert connection == Connection(
        connection_id,
        user_id,
        format_timestamp(connected),
        int(connected.timestamp()) + 2 * 3600 + 5 * 60,
    )
    assert world.store.connections[user_id, connection_id] == connection


def test_a_custom_lifetime_is_honoured(world: World) -> None:
    connected = world.clock.now
    connection = register_connection(
        world.store,
        world.clock,
        user_id=world.user(),
        connection_id=new_connection_id(),
        lifetime=timedelta(minutes=1),
    )
    assert connection.expires_at == int(connected.timestamp()) + 60


def test_a_new_connection_receives_the_events_of_all_its_users_groups(world: World) -> None:
    user_id = world.user()
    groups = [world.group(user_id), world.group(world.user(), user_id)]
    connection_id = world.connect(user_id)
    for group in groups:
        live = world.store.connections_for_group(group.group_id, int(world.clock.now.timestamp()))
        assert [c.connection_id for c in live] == [connection_id]


def test_unregister_forgets_the_connection_and_tolerates_repeats(world: World) -> None:
    user_id = world.user()
    kept, dropped = world.connect(user_id), world.connect(user_id)
    unregister_connection(
        world.store, world.clock, world.pusher, user_id=user_id, connection_id=dropped
    )
    unregister_connection(
        world.store, world.clock, world.pusher, user_id=user_id, connection_id=dropped
    )
    unregister_connection(
        world.store, world.clock, world.pusher, user_id=user_id, connection_id=new_connection_id()
    )
    assert set(world.store.connections) == {(user_id, kept)}


def test_a_connection_is_pushed_to_until_it_expires_and_not_after(world: World) -> None:
    # Given a member whose connection was registered now
    owner = world.user()
    thread = world.thread(world.group(owner), owner)
    connection_id = world.connect(owner)

    def send() -> set[str]:
        world.pusher.sent.clear()
        send_message(
            world.store,
            world.pusher,
            world.clock,
            sender_id=owner,
            group_id=thread.group_id,
            thread_id=thread.thread_id,
            content="ping",
        )
        return world.pusher.recipients()

    # When a message is sent one second before the expiry, Then it is pushed
    world.clock.advance(CONNECTION_LIFETIME - timedelta(seconds=1))
    assert send() == {connection_id}
    # When a message is sent after the expiry, Then nothing is pushed to the stale connection
    world.clock.advance(timedelta(seconds=2))
    assert send() == set()
