"""Scenario 6, many connections: thousands of clients on one `ourchat serve`, a group among them.

The server is the shipped configuration (SQLite, the HTTP @connections pusher, large
fan-outs through the fan-out queue) in a child process; the clients are another child
(`benchmarks.swarm`), so neither shares a process with the other. Reported: the server's
resident memory per connection, the rate of authorized connects, and the fan-out latency
to the group's members while every other connection stays open.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.arms import ChatArm
from benchmarks.chat_server import chat_server
from benchmarks.plan import ManyPlan
from benchmarks.progress import Progress
from benchmarks.results import ManyResult
from benchmarks.seed import seed_room, user_ids
from benchmarks.serve_child import CHECKOUT
from benchmarks.stats import summarize
from benchmarks.stores import new_setup, seeding_store
from ourchat.ports.clock import system_clock

SWARM_SECONDS = 600.0
POLL_SECONDS = 0.2


def measure_many(
    root: Path, logs: Path, plan: ManyPlan, first_seq: int, progress: Progress
) -> ManyResult:
    """Connect `plan.connections` clients to one server and fan out to `plan.members` of them.

    Raises:
        RuntimeError: The client process failed.
    """
    setup = new_setup(root, "sqlite", "http", None, "many")
    with seeding_store(setup) as store:
        room = seed_room(store, user_ids("many", plan.members), system_clock())
    child = chat_server(setup, logs / "many.log").start()
    try:
        arm = ChatArm.for_child(child, "sqlite", "http", str(setup.data_dir))
        idle = user_ids("idle", plan.connections - plan.members)
        urls = [arm.url_for(user, room) for user in (*room.members, *idle)]
        frames = [arm.message_frame(first_seq + n, room) for n in range(plan.messages)]
        ready = root / "swarm-ready"
        plan_file, result_file = root / "swarm-plan.json", root / "swarm-result.json"
        plan_file.write_text(
            json.dumps(
                {
                    "urls": urls,
                    "members": plan.members,
                    "frames": frames,
                    "first_seq": first_seq,
                    "concurrency": plan.concurrency,
                    "ready_file": str(ready),
                }
            ),
            encoding="utf-8",
        )
        before = child.rss_kib()
        progress.line(f"   connecting {plan.connections:,} clients from a child process")
        with (logs / "swarm.log").open("ab") as log:
            swarm = subprocess.Popen(  # noqa: S603 - our own module
                [sys.executable, "-m", "benchmarks.swarm", str(plan_file), str(result_file)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONPATH": str(CHECKOUT)},
            )
            peak = _wait_sampling(swarm, child.rss_kib, ready)
        if swarm.returncode != 0 or not result_file.exists():
            raise RuntimeError(f"the client process failed ({swarm.returncode}); see swarm.log")
        result = json.loads(result_file.read_text(encoding="utf-8"))
    finally:
        child.close()
    connected = result["connected"]
    return ManyResult(
        connections=connected,
        members=plan.members,
        connect_seconds=result["connect_seconds"],
        connects_per_second=connected / result["connect_seconds"],
        rss_before_kib=before,
        rss_connected_kib=peak,
        rss_per_connection_kib=(peak - before) / connected if connected else float("nan"),
        latency_ms=summarize(result["latencies_ms"]),
        lost=result["lost"],
    )


def _wait_sampling(swarm: subprocess.Popen[bytes], rss: Callable[[], int], ready: Path) -> int:
    """Wait for the client process; return the server's largest RSS once all are connected."""
    peak = 0
    deadline = time.monotonic() + SWARM_SECONDS
    while swarm.poll() is None:
        if time.monotonic() > deadline:
            swarm.kill()
            swarm.wait()
            break
        if ready.exists():
            peak = max(peak, rss())
        time.sleep(POLL_SECONDS)
    return peak
