"""In-memory fakes of the ports (store, pusher, queue, clock) for unit tests of the services.

The store is `tests.support.fake_store.FakeStore`, held to the store contract suite.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from ourchat.ports.queue import QueuedMessage
from tests.support.fake_store import FakeStore

__all__ = ["FakePusher", "FakeQueue", "FakeStore", "FixedClock", "SteppingClock"]

DEFAULT_START = datetime(2026, 11, 28, 3, 20, tzinfo=UTC)


class FakePusher:
    """A Pusher that records every send; connections listed in `gone` are reported as gone."""

    def __init__(self, gone: Iterable[str] = ()) -> None:
        self.sent: list[tuple[tuple[str, ...], bytes]] = []
        self.gone: set[str] = set(gone)
        self.disconnected: list[str] = []

    def send(self, connection_ids: Sequence[str], data: bytes) -> list[str]:
        self.sent.append((tuple(connection_ids), data))
        return [connection_id for connection_id in connection_ids if connection_id in self.gone]

    def disconnect(self, connection_ids: Sequence[str]) -> None:
        self.disconnected.extend(connection_ids)

    def close(self) -> None:
        """Nothing to release."""

    def recipients(self) -> set[str]:
        """Return every connection id anything was sent to."""
        return {connection_id for ids, _ in self.sent for connection_id in ids}

    def frames_to(self, connection_id: str) -> list[dict[str, Any]]:
        """Return the decoded frames sent to one connection, in order."""
        return [json.loads(data) for ids, data in self.sent if connection_id in ids]


class SteppingClock:
    """A Clock that returns `now`, then moves it on by `step`, on every call.

    Args:
        start: The first moment returned; must be timezone-aware.
        step: How far each call moves the clock.
    """

    def __init__(
        self, start: datetime = DEFAULT_START, step: timedelta = timedelta(milliseconds=1)
    ) -> None:
        if start.tzinfo is None:
            raise ValueError("a clock returns aware datetimes")
        self.now = start.astimezone(UTC)
        self.step = step

    def __call__(self) -> datetime:
        current = self.now
        self.now += self.step
        return current

    def advance(self, delta: timedelta) -> None:
        """Move the clock by `delta` without a call."""
        self.now += delta


class FixedClock(SteppingClock):
    """A Clock that stands still until `advance` is called."""

    def __init__(self, moment: datetime = DEFAULT_START) -> None:
        super().__init__(moment, timedelta(0))


class FakeQueue:
    """A FanoutQueue that keeps what it is sent; with `refuse` set, it raises instead."""

    def __init__(self, refuse: bool = False) -> None:
        self.messages: list[QueuedMessage] = []
        self.refuse = refuse

    def send(self, messages: Sequence[QueuedMessage]) -> None:
        if self.refuse:
            raise RuntimeError("the queue refused the messages")
        self.messages += messages
