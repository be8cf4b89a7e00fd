"""Scenario 3, history: getLastMessages, getThreadsByGroup and a catch-up `sync` on a small
and a large database.

Both databases hold one group of `threads` threads; the measured thread holds every stored
message (the worst case for its index), and one message in ten has reactions. `sync` fetches
the group's last 1,000 events (messages and reactions), every page of them, as a client away
for that long does. Both servers run at once and the requests alternate between them, so that
load changes hit both alike.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from benchmarks.arms import ChatArm
from benchmarks.progress import Progress
from benchmarks.results import HistoryResult
from benchmarks.seed import Room, seed_messages, seed_room, seed_threads, user_ids
from benchmarks.stats import summarize
from benchmarks.wire import BenchSocket, open_socket
from ourchat.ports.store import Store

OPERATIONS = ("getLastMessages", "getThreadsByGroup", "sync")
SYNC_MISSED = 1_000
"""The events a `sync` catches up on (issue #12: sync of 1,000 missed events)."""
SYNC_PAGE = 500
WARMUP_REQUESTS = 5
REACTED_EVERY = 10
"""One message in ten has reactions (issue #11: history holds with reactions on 10%)."""


class HistoryReadFailed(RuntimeError):
    """A history read was answered with an error."""


@dataclass(frozen=True, slots=True)
class HistoryFixture:
    """A seeded database: its room (the reader is the first member) and its sizes."""

    room: Room
    messages: int
    threads: int
    seq: int


def seed_history(
    store: Store, messages: int, threads: int, now: datetime, progress: Progress
) -> HistoryFixture:
    """Seed a group of `threads` threads whose first thread holds `messages` messages."""
    room = seed_room(store, user_ids("hist", 2), now, name="history")
    seed_threads(store, room.group_id, threads - 1, now)
    seed_messages(store, room, messages, now, progress, reacted_every=REACTED_EVERY)
    [group] = store.get_groups([room.group_id], consistent=True)
    return HistoryFixture(room, messages, threads, group.seq or 0)


def _frame(arm: ChatArm, operation: str, index: int, room: Room) -> str:
    if operation == "getLastMessages":
        return arm.request_frame(operation, f"h{index}", threadId=room.thread_id)
    return arm.request_frame(operation, f"h{index}", groupId=room.group_id)


async def _timed_sync(
    arm: ChatArm, socket: BenchSocket, index: int, fixture: HistoryFixture
) -> float:
    """Fetch the group's last SYNC_MISSED events, page after page; milliseconds in all."""
    after = max(0, fixture.seq - SYNC_MISSED)
    position = {"groupId": fixture.room.group_id, "afterSeq": after}
    received, cursor, page = 0, None, 0
    started = time.perf_counter()
    while True:
        fields = {"groups": [position], "limit": SYNC_PAGE}
        if cursor is not None:
            fields["cursor"] = cursor
        reply = await socket.request(arm.request_frame("sync", f"s{index}-{page}", **fields))
        answer = json.loads(reply)
        if answer.get("ok") is not True:
            raise HistoryReadFailed(reply[:300])
        received += len(answer["data"]["events"])
        cursor, page = answer["data"].get("nextCursor"), page + 1
        if cursor is None:
            break
    elapsed = (time.perf_counter() - started) * 1000
    if received != fixture.seq - after:
        raise HistoryReadFailed(f"sync gave {received} of {fixture.seq - after} events")
    return elapsed


async def _timed(socket: BenchSocket, frame: str) -> float:
    started = time.perf_counter()
    reply = await socket.request(frame)
    elapsed = (time.perf_counter() - started) * 1000
    if '"ok":true' not in reply:
        raise HistoryReadFailed(reply[:300])
    return elapsed


async def measure_history(
    databases: Sequence[tuple[ChatArm, HistoryFixture]], requests: int, progress: Progress
) -> list[HistoryResult]:
    """Time each read on each database, alternating between the databases request by request.

    Raises:
        HistoryReadFailed: A read was refused (the fixture or the server is broken).
    """
    sockets: list[BenchSocket] = []
    samples: dict[tuple[int, str], list[float]] = {}
    try:
        for arm, fixture in databases:
            reader = fixture.room.members[0]
            sockets.append(await open_socket(arm.url_for(reader, fixture.room)))
        for index in range(WARMUP_REQUESTS + requests):
            for position, (arm, fixture) in enumerate(databases):
                for operation in OPERATIONS:
                    if operation == "sync":
                        elapsed = await _timed_sync(arm, sockets[position], index, fixture)
                    else:
                        frame = _frame(arm, operation, index, fixture.room)
                        elapsed = await _timed(sockets[position], frame)
                    if index >= WARMUP_REQUESTS:
                        samples.setdefault((position, operation), []).append(elapsed)
            progress.update("history reads", index + 1, WARMUP_REQUESTS + requests)
    finally:
        for socket in sockets:
            await socket.close()
    return [
        HistoryResult(
            store=arm.store,
            operation=operation,
            messages=fixture.messages,
            threads=fixture.threads,
            latency_ms=summarize(samples.get((position, operation), [])),
        )
        for position, (arm, fixture) in enumerate(databases)
        for operation in OPERATIONS
    ]
