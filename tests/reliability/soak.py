"""`make soak`: 1,000 connections in 50 groups for 60 seconds against `ourchat serve`.

Run as `python -m tests.reliability.soak [--connections N --groups G --seconds S
--interval I]`. Prints the figures as JSON and exits 1 unless every acknowledged message
reached every member connection with no error reply and a bounded server memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path

from tests.reliability.load import run_load
from tests.reliability.load_report import LoadProfile, LoadReport

PEAK_RSS_LIMIT_MIB = 1024


def failures(report: LoadReport, profile: LoadProfile) -> list[str]:
    """What the run got wrong; empty when it passed."""
    found = []
    if report.error_replies:
        found.append(f"{len(report.error_replies)} error replies, e.g. {report.error_replies[0]}")
    if report.late_replies:
        found.append(f"{report.late_replies} replies came after their request timed out")
    if report.gateway_frames:
        found.append(f"gateway error frames, e.g. {report.gateway_frames[0]}")
    if report.missing_deliveries:
        found.append(f"{report.missing_deliveries} events never delivered")
    # Sends start at random phases, so a run falls short of the nominal count by a little.
    minimum = 0.8 * profile.connections * profile.seconds / profile.send_interval_seconds
    if report.acked < minimum:
        found.append(f"only {report.acked} messages acked, expected at least {minimum:.0f}")
    if report.peak_rss_kib > PEAK_RSS_LIMIT_MIB * 1024:
        found.append(f"server peak RSS {report.peak_rss_kib // 1024} MiB")
    if report.exit_code != 0:
        found.append(f"server exit code {report.exit_code}")
    return found


def main(argv: list[str] | None = None) -> int:
    """Run the soak and print its figures; returns the exit code."""
    parser = argparse.ArgumentParser(prog="soak", description=__doc__)
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--groups", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--interval", type=float, default=60, help="seconds between sends")
    parser.add_argument("--pusher", choices=["http", "inprocess"], default="http")
    args = parser.parse_args(argv)
    profile = LoadProfile(args.connections, args.groups, args.seconds, args.interval)
    with tempfile.TemporaryDirectory(prefix="ourchat-soak-") as work_dir:
        serve_args = ("--pusher", args.pusher)
        report = asyncio.run(run_load(profile, Path(work_dir), serve_args))
    print(json.dumps({"profile": vars(args), **report.summary()}, indent=2))
    problems = failures(report, profile)
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
