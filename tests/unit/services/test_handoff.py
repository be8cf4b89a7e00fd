"""Large fan-outs are queued as jobs by message group; small ones stay inline."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

import pytest

from ourchat.domain.events import MEMBER_ADDED, MemberAdded
from ourchat.domain.models import Role
from ourchat.services.fanout import CONNECT_GRACE, encode_event, publish
from ourchat.services.fanout_jobs import (
    MAX_IDS_PER_JOB,
    decode_job,
    encode_jobs,
    message_group,
)
from ourchat.services.handoff import HandoffPusher, deliver_job
from tests.support.fakes import FakePusher, FakeQueue
from tests.support.world import World

FRAME = encode_event(
    MEMBER_ADDED, {"groupId": "g-1", "userId": "u", "role": "member"}, group_id="g-1", seq=2
)


def test_a_fan_out_up_to_the_threshold_is_pushed_inline() -> None:
    inline, queue = FakePusher(gone={"b"}), FakeQueue()

    gone = HandoffPusher(inline, queue, threshold=3).send(["a", "b", "c"], FRAME)

    assert gone == ["b"]
    assert inline.sent == [(("a", "b", "c"), FRAME)]
    assert queue.messages == []


def test_closing_connections_is_never_queued() -> None:
    inline, queue = FakePusher(), FakeQueue()
    ids = [f"conn-{n}" for n in range(5)]

    HandoffPusher(inline, queue, threshold=3).disconnect(ids)

    assert inline.disconnected == ids
    assert queue.messages == []


def test_a_larger_fan_out_is_queued_once_per_connection_by_message_group() -> None:
    inline, queue = FakePusher(), FakeQueue()
    ids = [f"conn-{n}" for n in range(300)]

    gone = HandoffPusher(inline, queue, threshold=3).send(ids, FRAME)

    assert gone == []
    assert inline.sent == []
    jobs = [(m.group, decode_job(m.body)) for m in queue.messages]
    assert Counter(i for _, job in jobs for i in job.connection_ids) == Counter(ids)
    for group, job in jobs:
        assert job.frame == FRAME
        assert {message_group(i) for i in job.connection_ids} == {group}
    assert len({m.deduplication_id for m in queue.messages}) == len(queue.messages)


def test_a_connection_always_falls_in_the_same_group() -> None:
    assert message_group("dXNlci0xMjM0NTY=") == message_group("dXNlci0xMjM0NTY=")
    assert len({message_group(f"c{n}") for n in range(1000)}) == 16


def test_a_huge_fan_out_is_chunked_within_the_queues_limits() -> None:
    ids = [f"c{n:06d}" for n in range(40_000)]
    # The largest frame @connections takes is 128 KiB; this one is 120 KB of UTF-8.
    big = json.dumps({"event": "x", "data": {"content": "é" * 60_000}}, ensure_ascii=False)
    big_frame = big.encode()

    messages = encode_jobs(ids, big_frame)

    assert all(len(m.body.encode()) < 256 * 1024 for m in messages)
    assert all(len(decode_job(m.body).connection_ids) <= MAX_IDS_PER_JOB for m in messages)
    assert sum(len(decode_job(m.body).connection_ids) for m in messages) == 40_000


def test_when_the_queue_refuses_the_push_goes_inline() -> None:
    inline = FakePusher()

    HandoffPusher(inline, FakeQueue(refuse=True), threshold=1).send(["a", "b"], FRAME)

    assert inline.sent == [(("a", "b"), FRAME)]


def test_publish_through_the_hand_off_queues_the_groups_event(world: World) -> None:
    owner, member = world.user(), world.user()
    group = world.group(owner, member)
    ids = {world.connect(owner), world.connect(member), world.connect(member)}
    queue = FakeQueue()

    count = publish(
        world.store,
        HandoffPusher(world.pusher, queue, threshold=2),
        world.clock,
        group.group_id,
        MEMBER_ADDED,
        MemberAdded(group.group_id, member, Role.MEMBER),
        seq=9,
    )

    assert count == 3
    jobs = [decode_job(m.body) for m in queue.messages]
    assert {i for job in jobs for i in job.connection_ids} == ids
    assert {job.group_id for job in jobs} == {group.group_id}


def test_a_job_is_pushed_and_its_gone_connections_forgotten(world: World) -> None:
    owner = world.user()
    group = world.group(owner)
    live, gone, connecting = world.connect(owner), world.connect(owner), None
    world.clock.advance(CONNECT_GRACE + timedelta(seconds=1))
    connecting = world.connect(owner)  # still inside its $connect: kept
    world.pusher.gone |= {gone, connecting}
    frame = encode_event(
        MEMBER_ADDED,
        {"groupId": group.group_id, "userId": "u", "role": "member"},
        group_id=group.group_id,
        seq=2,
    )
    [message] = encode_jobs([live, gone, connecting], frame, groups=1)

    delivered = deliver_job(world.store, world.pusher, world.clock, decode_job(message.body))

    assert delivered == 1
    assert {c for _, c in world.store.connections} == {live, connecting}


def test_a_jobs_group_is_the_frames_top_level_group_id() -> None:
    [grouped] = encode_jobs(["a"], FRAME)
    # An event for one user names no group of its own, whatever its data says
    invitation = encode_event("invitation.created", {"groupId": "g-1", "userId": "u"})
    [personal] = encode_jobs(["a"], invitation)

    assert decode_job(grouped.body).group_id == "g-1"
    assert decode_job(personal.body).group_id is None


@pytest.mark.parametrize("body", ['{"ids": "x", "frame": "f"}', '{"ids": []}', "[]"])
def test_a_malformed_job_is_refused(body: str) -> None:
    with pytest.raises((ValueError, AttributeError)):
        decode_job(body)
