"""A load run against `ourchat serve` in a child process: many members, many groups, steady sends.

Users, groups, memberships and one thread per group are put into the server's SQLite file
before it starts (through the services), so the run measures traffic, not setup. Then every
user connects once, each connection sends a message to its group's thread every
`send_interval_seconds` (with a random phase), and every connection checks that it receives
the `message.created` event of every message acknowledged in its group.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

from benchmarks.ourchat_serve import serve_process
from ourchat.cli.token import local_token
from tests.support.load_members import Member, seed
from tests.support.load_report import LoadProfile, LoadReport
from tests.support.ws_client import ChatClient, chat_client

DELIVERY_WAIT_SECONDS = 60.0
WAIT_MS = 10_000
SHUTDOWN_WAIT_SECONDS = 180.0
RSS_SAMPLE_SECONDS = 2.0


async def _drain_events(member: Member) -> None:
    assert member.client is not None
    while True:
        frame = await member.client.events.get()
        if frame["event"] == "message.created":
            member.received.add(frame["data"]["messageId"])
            member.check()


async def _send_steadily(
    member: Member,
    target: tuple[str, str],
    profile: LoadProfile,
    stop_at: float,
    report: LoadReport,
    acked: list[set[str]],
) -> None:
    """Send every `send_interval_seconds`, from a random phase, until `stop_at`."""
    assert member.client is not None
    group_id, thread_id = target
    next_at = time.monotonic() + random.uniform(0, profile.send_interval_seconds)
    sequence = 0
    while True:
        await asyncio.sleep(max(0.0, min(next_at, stop_at) - time.monotonic()))  # the pace
        if time.monotonic() >= stop_at:
            return
        next_at += profile.send_interval_seconds
        sequence += 1
        started = time.monotonic()
        frame = {
            "action": "sendMessage",
            "requestId": f"s-{sequence}",
            "groupId": group_id,
            "threadId": thread_id,
            "content": f"{member.user_id} says {sequence}",
            "clientMessageId": f"m-{sequence}",
        }
        await member.client.send_raw(json.dumps(frame))
        try:
            reply = await _reply_to(member.client, frame["requestId"], report)
        except TimeoutError:
            report.error_replies.append({"timeout": member.user_id, "after_ms": WAIT_MS})
            continue
        report.latencies_ms.append((time.monotonic() - started) * 1000)
        if reply["ok"]:
            report.acked += 1
            acked[member.group].add(reply["data"]["messageId"])
        else:
            report.error_replies.append(reply)


async def _reply_to(client: ChatClient, request_id: str, report: LoadReport) -> dict[str, Any]:
    """Wait for the reply to one request; replies to earlier, timed-out ones are counted late."""
    async with asyncio.timeout(WAIT_MS / 1000):
        while True:
            reply = await client.replies.get()
            if reply["requestId"] == request_id:
                return reply
            report.late_replies += 1


async def _sample_rss(server: Any, report: LoadReport) -> None:
    while True:
        report.rss_kib.append(server.rss_kib())
        await asyncio.sleep(RSS_SAMPLE_SECONDS)


async def _connect(
    members: list[Member], ws_url: str, data_dir: Path, stack: AsyncExitStack, limit: int
) -> None:
    gate = asyncio.Semaphore(limit)

    async def one(member: Member) -> None:
        token = local_token(data_dir, member.user_id, None)
        async with gate:
            member.client = await stack.enter_async_context(chat_client(ws_url, token))

    async with asyncio.TaskGroup() as connecting:
        for member in members:
            connecting.create_task(one(member))


async def run_load(
    profile: LoadProfile, work_dir: Path, serve_args: tuple[str, ...] = ()
) -> LoadReport:
    """Run the profile against a fresh `ourchat serve`; return the figures.

    Args:
        work_dir: Where the data directory and the server's log go.
        serve_args: More `ourchat serve` options, e.g. ("--pusher", "inprocess").
    """
    data_dir = work_dir / "data"
    members, targets = seed(data_dir, profile)
    report = LoadReport(profile.connections, profile.groups)
    with serve_process(data_dir, work_dir / "serve.log", serve_args) as server:
        async with AsyncExitStack() as stack:
            started = time.monotonic()
            await _connect(members, server.url, data_dir, stack, profile.connect_concurrency)
            report.connect_seconds = time.monotonic() - started
            acked: list[set[str]] = [set() for _ in targets]
            async with asyncio.TaskGroup() as running:
                drains = [running.create_task(_drain_events(m)) for m in members]
                sampler = running.create_task(_sample_rss(server, report))
                report.load_average.append(round(os.getloadavg()[0], 2))
                started = time.monotonic()
                stop_at = started + profile.seconds
                async with asyncio.TaskGroup() as senders:
                    for member in members:
                        target = targets[member.group]
                        senders.create_task(
                            _send_steadily(member, target, profile, stop_at, report, acked)
                        )
                report.traffic_seconds = time.monotonic() - started
                report.load_average.append(round(os.getloadavg()[0], 2))
                await _await_deliveries(members, acked, report)
                sampler.cancel()
                for drain in drains:
                    drain.cancel()
            report.gateway_frames = [
                m.client.others.get_nowait()
                for m in members
                if m.client is not None
                for _ in range(m.client.others.qsize())
            ]
            started = time.monotonic()
        report.disconnect_seconds = time.monotonic() - started  # every client closed
        report.peak_rss_kib = server.peak_rss_kib()
        started = time.monotonic()
        # The server runs the $disconnect of every connection before it exits.
        report.exit_code = server.stop(timeout=SHUTDOWN_WAIT_SECONDS)
        report.shutdown_seconds = time.monotonic() - started
    return report


async def _await_deliveries(
    members: list[Member], acked: list[set[str]], report: LoadReport
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
