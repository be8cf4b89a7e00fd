"""Fan-out of events to the live connections of a group's members."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from ourchat.domain.errors import InternalError
from ourchat.domain.events import MEMBER_ADDED, MemberAdded
from ourchat.domain.models import Connection, Role
from ourchat.services.connections import CONNECTION_LIFETIME
from ourchat.services.fanout import CONNECT_GRACE, encode_event, publish
from tests.support.world import World


def test_an_event_frame_is_compact_utf8_json() -> None:
    frame = encode_event("message.created", {"content": "h\u00e9 \U0001f389", "n": 1})
    assert (
        frame
        == '{"event":"message.created","data":{"content":"h\u00e9 \U0001f389","n":1}}'.encode()
    )
    assert json.loads(frame) == {
        "event": "message.created",
        "data": {"content": "h\u00e9 \U0001f389", "n": 1},
    }


def test_publish_sends_once_to_every_live_connection_of_the_members(world: World) -> None:
    # Given two members with three connections, and an outsider with one
    owner, member, outsider = world.user(), world.user(), world.user()
    group = world.group(owner, member)
    world.group(outsider)
    ids = [world.connect(owner), world.connect(owner), world.connect(member)]
    world.connect(outsider)
    # When an event is published
    count = publish(
        world.store,
        world.pusher,
        world.clock,
        group.group_id,
        MEMBER_ADDED,
        MemberAdded(group.group_id, member, Role.MEMBER),
    )
    # Then one send reaches exactly the members' connections, ordered by connectionId
    assert count == 3
    assert world.pusher.sent == [
        (
            tuple(sorted(ids)),
            encode_event(
                MEMBER_ADDED,
                {"groupId": group.group_id, "userId": member, "role": "member"},
                group_id=group.group_id,
            ),
        )
    ]


def test_publish_to_a_group_without_live_connections_sends_nothing(world: World) -> None:
    group = world.group(world.user())
    assert (
        publish(
            world.store,
            world.pusher,
            world.clock,
            group.group_id,
            MEMBER_ADDED,
            MemberAdded(group.group_id, "u", Role.MEMBER),
        )
        == 0
    )
    assert world.pusher.sent == []


def test_gone_connections_are_removed_and_not_counted(world: World) -> None:
    owner = world.user()
    group = world.group(owner)
    live, gone = world.connect(owner), world.connect(owner)
    world.clock.advance(CONNECT_GRACE + timedelta(seconds=1))
    world.pusher.gone.add(gone)
    assert (
        publish(
            world.store,
            world.pusher,
            world.clock,
            group.group_id,
            MEMBER_ADDED,
            MemberAdded(group.group_id, "u", Role.MEMBER),
        )
        == 1
    )
    assert set(world.store.connections) == {(owner, live)}


def test_a_connection_still_in_its_handshake_is_not_removed_on_410(world: World) -> None:
    # Given a connection whose $connect stored it but has not returned yet (pushes get 410)
    owner = world.user()
    group = world.group(owner)
    connecting = world.connect(owner)
    world.pusher.gone.add(connecting)
    # When an event is published within the grace period
    assert (
        publish(
            world.store,
            world.pusher,
            world.clock,
            group.group_id,
            MEMBER_ADDED,
            MemberAdded(group.group_id, "u", Role.MEMBER),
        )
        == 0
    )
    # Then the record stays, so the connection gets later events once it is live
    assert set(world.store.connections) == {(owner, connecting)}


def test_a_failure_while_publishing_is_logged_not_raised(world: World) -> None:
    # Given a store whose fan-out query fails after the announced change was committed
    owner = world.user()
    group = world.group(owner)
    world.connect(owner)

    def broken(group_id: str, now_epoch_seconds: int) -> list[Connection]:
        raise InternalError("the store is unavailable")

    world.store.connections_for_group = broken  # type: ignore[method-assign]
    # Then publishing reports nothing sent instead of failing the caller's request
    assert (
        publish(
            world.store,
            world.pusher,
            world.clock,
            group.group_id,
            MEMBER_ADDED,
            MemberAdded(group.group_id, "u", Role.MEMBER),
        )
        == 0
    )


def test_expired_connections_are_skipped(world: World) -> None:
    owner = world.user()
    group = world.group(owner)
    world.connect(owner)
    world.clock.advance(CONNECTION_LIFETIME + timedelta(seconds=1))
    fresh = world.connect(owner)
    assert (
        publish(
            world.store,
            world.pusher,
            world.clock,
            group.group_id,
            MEMBER_ADDED,
            MemberAdded(group.group_id, "u", Role.MEMBER),
        )
        == 1
    )
    assert world.pusher.recipients() == {fresh}


def test_an_unknown_event_or_a_payload_of_another_type_is_logged_and_not_pushed(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    owner = world.user()
    group = world.group(owner)
    world.connect(owner)
    with caplog.at_level("ERROR", logger="ourchat.services.fanout"):
        assert publish(world.store, world.pusher, world.clock, group.group_id, "x", group) == 0
        assert (
            publish(world.store, world.pusher, world.clock, group.group_id, MEMBER_ADDED, group)
            == 0
        )
    assert world.pusher.sent == []
    assert len([r for r in caplog.records if r.getMessage() == "publishing failed"]) == 2


def test_a_numbered_event_frame_carries_its_group_and_seq() -> None:
    frame = json.loads(encode_event("member.added", {"a": 1}, group_id="g", seq=7))
    assert frame == {"event": "member.added", "groupId": "g", "seq": 7, "data": {"a": 1}}
    assert list(frame) == ["event", "groupId", "seq", "data"]
