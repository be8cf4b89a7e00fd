"""Scenario 2, throughput: many senders in several groups, each sending as soon as it is acked.

Each sender keeps one request in flight (the next send waits for the reply), so the
senders together keep the server saturated. After a warm-up, the window counts
acknowledged messages and `message.created` frames received by all members. Arms are
measured one after the other, alternating when there are several rounds.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from benchmarks.arms import Arm
from benchmarks.plan import ThroughputPlan
from benchmarks.progress import Progress
from benchmarks.results import ThroughputResult
from benchmarks.seed import Room
from benchmarks.settle import wait_until_idle
from benchmarks.stats import summarize
from benchmarks.wire import BenchSocket, close_many, open_many

OK_MARK = '"ok":true'


@dataclass
class _Counters:
    """What an arm's clients saw; the reader callbacks and senders update it."""

    events: int = 0
    acked: int = 0
    errors: int = 0
    measuring: bool = False
    ack_ms: list[float] = field(default_factory=list)

    def on_event(self, _: str) -> None:
        self.events += 1


@dataclass
class _Window:
    """Totals of the measured windows of one arm."""

    seconds: float = 0.0
    acked: int = 0
    events: int = 0
    server_cpu: float = 0.0
    client_cpu: float = 0.0


@dataclass
class _Connected:
    arm: Arm
    rooms: Sequence[Room]
    counters: _Counters
    senders: list[tuple[BenchSocket, Room]]
    sockets: list[BenchSocket]
    window: _Window = field(default_factory=_Window)


async def _sender(
    socket: BenchSocket,
    room: Room,
    arm: Arm,
    seqs: Iterator[int],
    c: _Counters,
    stop: asyncio.Event,
) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        try:
            reply = await socket.request(arm.message_frame(next(seqs), room))
        except TimeoutError:
            c.errors += 1
            continue
        except ConnectionError:
            c.errors += 1
            return
        if OK_MARK not in reply:
            c.errors += 1
        elif c.measuring:
            c.acked += 1
            c.ack_ms.append((time.perf_counter() - started) * 1000)


async def _window(run: _Connected, plan: ThroughputPlan, seqs: Iterator[int]) -> None:
    stop = asyncio.Event()
    c = run.counters
    tasks = [
        asyncio.create_task(_sender(socket, room, run.arm, seqs, c, stop))
        for socket, room in run.senders
    ]
    try:
        await asyncio.sleep(plan.warmup_seconds)
        events, server, client = c.events, run.arm.child.cpu_seconds(), time.process_time()
        started = time.perf_counter()
        c.measuring = True
        await asyncio.sleep(plan.measure_seconds)
        c.measuring = False
        w = run.window
        w.seconds += time.perf_counter() - started
        w.events += c.events - events
        w.server_cpu += run.arm.child.cpu_seconds() - server
        w.client_cpu += time.process_time() - client
        w.acked = c.acked
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    await wait_until_idle(run.arm.child)


async def _connect(
    arm: Arm, rooms: Sequence[Room], plan: ThroughputPlan, concurrency: int, progress: Progress
) -> _Connected:
    counters = _Counters()
    urls = [arm.url_for(member, room) for room in rooms for member in room.members]
    task = f"{arm.label}: connecting {len(urls)} members"
    targets = [(url, counters.on_event) for url in urls]
    sockets = await open_many(targets, concurrency, progress, task)
    senders: list[tuple[BenchSocket, Room]] = []
    offset = 0
    for room in rooms:
        senders += [(sockets[offset + i], room) for i in range(plan.senders_per_group)]
        offset += len(room.members)
    return _Connected(arm, rooms, counters, senders, sockets)


async def measure_throughput(
    arms: Sequence[tuple[Arm, Sequence[Room]]],
    plan: ThroughputPlan,
    seqs: Iterator[int],
    progress: Progress,
    concurrency: int,
) -> list[ThroughputResult]:
    """Measure saturation throughput of every arm, alternating arms round by round."""
    runs: list[_Connected] = []
    try:
        for arm, rooms in arms:
            runs.append(await _connect(arm, rooms, plan, concurrency, progress))
        for round_number in range(plan.rounds):
            for run in runs:
                progress.line(f"   throughput {run.arm.label}, round {round_number + 1}")
                await _window(run, plan, seqs)
    finally:
        for run in runs:
            await close_many(run.sockets)
    return [_result(run, plan) for run in runs]


def _result(run: _Connected, plan: ThroughputPlan) -> ThroughputResult:
    w = run.window
    seconds = w.seconds or float("nan")
    return ThroughputResult(
        arm=run.arm.label,
        store=run.arm.store,
        pusher=run.arm.pusher,
        groups=len(run.rooms),
        members=plan.members,
        senders=len(run.senders),
        seconds=w.seconds,
        acked_per_second=w.acked / seconds,
        events_per_second=w.events / seconds,
        errors=run.counters.errors,
        ack_ms=summarize(run.counters.ack_ms),
        server_cores=w.server_cpu / seconds,
        client_cores=w.client_cpu / seconds,
    )
