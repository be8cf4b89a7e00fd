"""A load run against `ourchat serve` in a child process: many members, many groups, steady sends.

`make soak` (benchmarks.soak) and tests/reliability/test_load.py run it. Users, groups,
memberships and one thread per group are seeded into the server's SQLite file before it
starts, so the run measures traffic, not setup. Then every user connects once, each
connection sends a message to its group's thread every `send_interval_seconds` (the
connections' first sends spread evenly over one interval), and every connection checks that
it receives the `message.created` event of every message acknowledged in its group. The
clients, frames, seeding and server are the benchmark's own (wire, arms, seed, ourchat_serve).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.arms import ChatArm
from benchmarks.fanout import sequence_numbers
from benchmarks.load_members import Member, seed
from benchmarks.load_report import LoadProfile, LoadReport
from benchmarks.machine import load_average
from benchmarks.ourchat_serve import serve_process
from benchmarks.seed import Room
from benchmarks.server_process import ServerProcess
from benchmarks.wire import BenchSocket, close_many, open_many

DELIVERY_WAIT_SECONDS = 60.0
REPLY_SECONDS = 10.0
SHUTDOWN_WAIT_SECONDS = 180.0
RSS_SAMPLE_SECONDS = 2.0


async def _send_steadily(
    member: Member,
    room: Room,
    arm: ChatArm,
    seqs: Iterator[int],
    profile: LoadProfile,
    first_at: float,
    stop_at: float,
    report: LoadReport,
    acked: set[int],
) -> None:
    """Send at `first_at`, then every `send_interval_seconds`, until `stop_at`.

    A member whose request got no reply, or got another frame than its reply, stops
    sending: its next reply could no longer be told from the one it missed.
    """
    socket = member.socket
    assert socket is not None
    next_at = first_at
    while True:
        await asyncio.sleep(max(0.0, min(next_at, stop_at) - time.monotonic()))  # the pace
        if time.monotonic() >= stop_at:
            return
        next_at += profile.send_interval_seconds
        seq = next(seqs)
        started = time.monotonic()
        try:
            raw = await socket.request(arm.message_frame(seq, room), REPLY_SECONDS)
        except TimeoutError:
            report.error_replies.append({"timeout": member.user_id, "after_s": REPLY_SECONDS})
            return
        reply = json.loads(raw)
        if not _is_reply(reply) or reply.get("requestId") != f"r{seq}":
            _file_unexpected(reply, report)
            return
        report.latencies_ms.append((time.monotonic() - started) * 1000)
        if reply["ok"]:
            report.acked += 1
            acked.add(seq)
        else:
            report.error_replies.append(reply)


def _is_reply(frame: object) -> bool:
    return isinstance(frame, dict) and "ok" in frame


def _file_unexpected(frame: object, report: LoadReport) -> None:
    """Count a frame that answered no pending request: a late reply or a gateway frame."""
    if _is_reply(frame):
        report.late_replies += 1
    else:
        report.gateway_frames.append(frame)


async def _sample_rss(server: ServerProcess, report: LoadReport) -> None:
    while True:
        report.rss_kib.append(server.rss_kib())
        await asyncio.sleep(RSS_SAMPLE_SECONDS)


async def _connect(
    members: list[Member], rooms: list[Room], arm: ChatArm, concurrency: int
) -> list[BenchSocket]:
    targets = [(arm.url_for(m.user_id, rooms[m.group]), m.on_event) for m in members]
    sockets = await open_many(targets, concurrency)
    for member, socket in zip(members, sockets, strict=True):
        member.socket = socket
    return sockets


async def _traffic(
    members: list[Member],
    rooms: list[Room],
    arm: ChatArm,
    server: ServerProcess,
    profile: LoadProfile,
    report: LoadReport,
) -> None:
    """Every member sends for `profile.seconds`; then wait for every acked message's events."""
    seqs = sequence_numbers()
    acked: list[set[int]] = [set() for _ in rooms]
    sampler = asyncio.create_task(_sample_rss(server, report))
    try:
        report.load_average.append(round(load_average()[0], 2))
        started = time.monotonic()
        stop_at = started + profile.seconds
        # Evenly staggered first sends give a steady rate and a message count that depends on
        # the profile alone (random phases made short runs fall short of it by chance).
        step = profile.send_interval_seconds / len(members)
        async with asyncio.TaskGroup() as senders:
            for index, m in enumerate(members):
                first_at = started + index * step
                senders.create_task(
                    _send_steadily(
                        m,
                        rooms[m.group],
                        arm,
                        seqs,
                        profile,
                        first_at,
                        stop_at,
                        report,
                        acked[m.group],
                    )
                )
        report.traffic_seconds = time.monotonic() - started
        report.load_average.append(round(load_average()[0], 2))
        await _await_deliveries(members, acked, report)
    finally:
        sampler.cancel()


async def run_load(
    profile: LoadProfile, work_dir: Path, serve_args: tuple[str, ...] = ()
) -> LoadReport:
    """Run the profile against a fresh `ourchat serve`; return the figures.

    Args:
        profile: How many connections in how many groups, sending how often, for how long.
        work_dir: Where the data directory and the server's log go.
        serve_args: More `ourchat serve` options, e.g. ("--pusher", "inprocess").
    """
    data_dir = work_dir / "data"
    members, rooms = seed(data_dir, profile)
    report = LoadReport(profile.connections, profile.groups)
    with serve_process(data_dir, work_dir / "serve.log", serve_args) as server:
        arm = ChatArm.for_child(server, "sqlite", "ourchat serve", str(data_dir))
        started = time.monotonic()
        sockets = await _connect(members, rooms, arm, profile.connect_concurrency)
        report.connect_seconds = time.monotonic() - started
        try:
            await _traffic(members, rooms, arm, server, profile, report)
        finally:
            for socket in sockets:
                for frame in socket.unclaimed:
                    _file_unexpected(json.loads(frame), report)
            started = time.monotonic()
            await close_many(sockets)
            report.disconnect_seconds = time.monotonic() - started
        report.peak_rss_kib = server.peak_rss_kib()
        started = time.monotonic()
        # The server runs the $disconnect of every connection before it exits.
        report.exit_code = server.stop(timeout=SHUTDOWN_WAIT_SECONDS)
        report.shutdown_seconds = time.monotonic() - started
    return report


async def _await_deliveries(
    members: list[Member], acked: list[set[int]], report: LoadReport
) -> None:
    for member in members:
        member.expected = acked[member.group]
        member.check()
    waiting = [asyncio.create_task(m.caught_up.wait()) for m in members]
    _, pending = await asyncio.wait(waiting, timeout=DELIVERY_WAIT_SECONDS)
    for task in pending:
        task.cancel()
    for member in members:
        expected = member.expected or set()
        report.expected_deliveries += len(expected)
        report.deliveries += len(expected & member.received)
        report.missing_deliveries += len(expected - member.received)
