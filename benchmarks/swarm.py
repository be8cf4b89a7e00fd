"""The client side of the many-connections scenario, in a process of its own.

`python -m benchmarks.swarm PLAN.json RESULT.json`: opens every URL of the plan (the group's
members first), `concurrency` handshakes at a time, then sends `messages` messages one at a
time from the first member and times each one's arrival at every member of the group. The
server's side (its memory) is measured by the parent; this process only holds the clients,
so that they do not share the server's process (or the parent's event loop).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.fanout import MESSAGE_TIMEOUT_SECONDS, ArrivalTracker
from benchmarks.server_process import raise_open_files_limit
from benchmarks.wire import EventCallback, close_many, open_many

LINGER_SECONDS = 2.0


def _ignore(_: str) -> None:
    """The idle clients' event callback: they are in no group."""


async def _run(plan: dict[str, Any]) -> dict[str, Any]:
    urls: list[str] = plan["urls"]
    members: int = plan["members"]
    frames: list[str] = plan["frames"]
    tracker = ArrivalTracker(members)
    targets: list[tuple[str, EventCallback]] = [(url, tracker.on_event) for url in urls[:members]]
    targets += [(url, _ignore) for url in urls[members:]]
    started = time.perf_counter()
    sockets = await open_many(targets, plan["concurrency"])
    connect_seconds = time.perf_counter() - started
    Path(plan["ready_file"]).write_text("connected", encoding="utf-8")
    latencies: list[float] = []
    lost = 0
    try:
        for seq, frame in enumerate(frames, start=plan["first_seq"]):
            arrived = tracker.expect(seq)
            sent_at = time.perf_counter()
            try:
                await sockets[0].request(frame)
                last = await asyncio.wait_for(arrived, MESSAGE_TIMEOUT_SECONDS)
            except (TimeoutError, ConnectionError):
                tracker.forget(seq)
                lost += 1
                continue
            latencies.append((last - sent_at) * 1000)
        await asyncio.sleep(LINGER_SECONDS)  # the parent samples the server's memory meanwhile
    finally:
        await close_many(sockets)
    return {
        "connected": len(sockets),
        "connect_seconds": connect_seconds,
        "latencies_ms": latencies,
        "lost": lost,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the swarm of the plan file and write its result file."""
    plan_path, result_path = (argv if argv is not None else sys.argv[1:])[:2]
    raise_open_files_limit()
    plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
    result = asyncio.run(_run(plan))
    Path(result_path).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
