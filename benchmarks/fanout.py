"""Scenario 1, fan-out: one sender, N online members; time from send to the last `message.created`.

Every arm of a size is connected at once and measured in alternating blocks of a few
messages, so that a change in the machine's load hits every arm alike. Messages are sent
one at a time: each one's latency is that of an otherwise idle server.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from benchmarks.arms import Arm, seq_of
from benchmarks.plan import FanoutSize
from benchmarks.progress import Progress
from benchmarks.results import FanoutResult
from benchmarks.seed import Room
from benchmarks.stats import summarize
from benchmarks.wire import BenchSocket, close_many, open_many

BLOCK = 5
WARMUP_MESSAGES = 3
MESSAGE_TIMEOUT_SECONDS = 15.0


class ArrivalTracker:
    """Counts the arrivals of each message and notes when the last expected one came."""

    def __init__(self, recipients: int) -> None:
        self._recipients = recipients
        self._pending: dict[int, tuple[list[int], asyncio.Future[float]]] = {}

    def expect(self, seq: int) -> asyncio.Future[float]:
        """Start waiting for message `seq`; the future gets the last arrival's perf_counter."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._pending[seq] = ([self._recipients], future)
        return future

    def forget(self, seq: int) -> None:
        """Stop waiting for a message (it timed out)."""
        self._pending.pop(seq, None)

    def on_event(self, frame: str) -> None:
        """Record one arrival; called by every member's reader."""
        entry = self._pending.get(seq_of(frame))
        if entry is None:
            return
        remaining, future = entry
        remaining[0] -= 1
        if remaining[0] == 0:
            del self._pending[seq_of(frame)]
            if not future.done():
                future.set_result(time.perf_counter())


@dataclass
class _Connected:
    """One arm connected for one size, and what it measured so far."""

    arm: Arm
    room: Room
    tracker: ArrivalTracker
    sockets: list[BenchSocket] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    acks: list[float] = field(default_factory=list)
    lost: int = 0
    cpu_seconds: float = 0.0

    async def send(self, seq: int, record: bool) -> None:
        """Send message `seq` and wait for every member to get it (or the timeout)."""
        arrived = self.tracker.expect(seq)
        started = time.perf_counter()
        try:
            await self.sockets[0].request(self.arm.message_frame(seq, self.room))
            acked = time.perf_counter()
            last = await asyncio.wait_for(arrived, MESSAGE_TIMEOUT_SECONDS)
        except (TimeoutError, ConnectionError):
            self.tracker.forget(seq)
            self.lost += record
            return
        if record:
            self.latencies.append((last - started) * 1000)
            self.acks.append((acked - started) * 1000)


async def _connect(arm: Arm, room: Room, concurrency: int, progress: Progress) -> _Connected:
    connected = _Connected(arm, room, ArrivalTracker(len(room.members)))
    urls = [arm.url_for(member, room) for member in room.members]
    task = f"{arm.label}: connecting {len(urls)} members"
    targets = [(url, connected.tracker.on_event) for url in urls]
    connected.sockets = await open_many(targets, concurrency, progress, task)
    return connected


async def measure_fanout(
    arms: Sequence[tuple[Arm, Room]],
    size: FanoutSize,
    seqs: Iterator[int],
    progress: Progress,
    concurrency: int,
) -> list[FanoutResult]:
    """Measure fan-out latency of every arm for one group size, in alternating blocks.

    Args:
        arms: Each arm with its room of `size.members` members (the first one sends).
        seqs: The run's message sequence numbers (unique across arms and sizes).
    """
    runs: list[_Connected] = []
    try:
        for arm, room in arms:
            runs.append(await _connect(arm, room, concurrency, progress))
        for run in runs:
            for _ in range(WARMUP_MESSAGES):
                await run.send(next(seqs), record=False)
        deadline = time.monotonic() + size.seconds
        total = size.samples * len(runs)
        while time.monotonic() < deadline:
            active = [run for run in runs if len(run.latencies) + run.lost < size.samples]
            if not active:
                break
            for run in active:
                before = run.arm.child.cpu_seconds()
                left = size.samples - len(run.latencies) - run.lost
                for _ in range(min(BLOCK, left)):
                    await run.send(next(seqs), record=True)
                run.cpu_seconds += run.arm.child.cpu_seconds() - before
            done = sum(len(run.latencies) + run.lost for run in runs)
            progress.update(f"fan-out to {size.members}", done, total)
    finally:
        for run in runs:
            await close_many(run.sockets)
    return [_result(run) for run in runs]


def _result(run: _Connected) -> FanoutResult:
    sent = len(run.latencies) + run.lost
    return FanoutResult(
        arm=run.arm.label,
        store=run.arm.store,
        pusher=run.arm.pusher,
        members=len(run.room.members),
        latency_ms=summarize(run.latencies),
        ack_ms=summarize(run.acks),
        lost=run.lost,
        server_cpu_ms_per_message=run.cpu_seconds * 1000 / sent if sent else float("nan"),
    )


def sequence_numbers() -> Iterator[int]:
    """The run's message sequence numbers: 1, 2, 3, ..."""
    return itertools.count(1)
