"""The pusher and clock fakes; the store fake runs the store contract suite (tests/contract)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from tests.support.fakes import FakePusher, FakeStore, FixedClock, SteppingClock

T0 = "2026-11-28T03:20:00.000Z"
T1 = "2026-11-28T03:21:00.000Z"
T2 = "2026-11-28T03:22:00.000Z"


def test_fakes_satisfy_the_ports() -> None:
    store: Store = FakeStore()
    pusher: Pusher = FakePusher()
    clock: Clock = SteppingClock()
    assert store.get_user("nobody") is None
    assert pusher.send([], b"{}") == []
    assert clock().tzinfo is UTC


def test_pusher_reports_gone_connections_and_records_sends() -> None:
    pusher = FakePusher(gone={"c2"})
    assert pusher.send(["c1", "c2"], b'{"event":"x","data":{}}') == ["c2"]
    assert pusher.recipients() == {"c1", "c2"}
    assert pusher.frames_to("c1") == [{"event": "x", "data": {}}]


def test_clocks_step_and_stand_still() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    stepping = SteppingClock(start, timedelta(seconds=1))
    assert [stepping(), stepping()] == [start, start + timedelta(seconds=1)]
    fixed = FixedClock(start)
    assert fixed() == fixed() == start
    fixed.advance(timedelta(hours=1))
    assert fixed() == start + timedelta(hours=1)
    with pytest.raises(ValueError, match="aware"):
        SteppingClock(datetime(2026, 1, 1))
