"""Scenario 4, connection storm: authorized connects per second.

Every member connects once, `concurrency` handshakes in flight at a time; for ourchat a
handshake runs the $connect authorizer (HS256 token check) and the $connect handler (the
user is looked up and the connection subscribed to the user's groups) before the upgrade
completes, as on API Gateway.
"""

from __future__ import annotations

import asyncio
import time

from benchmarks.arms import Arm
from benchmarks.plan import StormPlan
from benchmarks.progress import Progress
from benchmarks.results import StormResult
from benchmarks.seed import Room
from benchmarks.settle import wait_until_idle
from benchmarks.stats import summarize
from benchmarks.wire import BenchSocket, close_many, open_socket


async def measure_storm(arm: Arm, room: Room, plan: StormPlan, progress: Progress) -> StormResult:
    """Connect every member of `room` as fast as the server accepts; then close them all."""
    urls = [arm.url_for(member, room) for member in room.members[: plan.connections]]
    limit = asyncio.Semaphore(plan.concurrency)
    latencies: list[float] = []
    sockets: list[BenchSocket] = []
    failures = 0

    async def one(url: str) -> None:
        nonlocal failures
        async with limit:
            started = time.perf_counter()
            try:
                socket = await open_socket(url)
            except Exception:  # every refused or failed handshake counts the same
                failures += 1
                return
            latencies.append((time.perf_counter() - started) * 1000)
            sockets.append(socket)
            progress.update(f"{arm.label}: connect storm", len(sockets), len(urls))

    started = time.perf_counter()
    try:
        await asyncio.gather(*(one(url) for url in urls))
        seconds = time.perf_counter() - started
    finally:
        await close_many(sockets)
    await wait_until_idle(arm.child)
    return StormResult(
        arm=arm.label,
        store=arm.store,
        connections=len(latencies),
        failures=failures,
        seconds=seconds,
        per_second=len(latencies) / seconds if seconds > 0 else float("nan"),
        connect_ms=summarize(latencies),
    )
