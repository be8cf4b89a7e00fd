"""`make soak`: 1,000 connections in 50 groups for 60 seconds against `ourchat serve`.

Run as `python -m benchmarks.soak [--connections N --groups G --seconds S --interval I
--pusher P]`. Prints the figures as JSON and exits 1 unless every acknowledged message
reached every member connection with no error reply and a bounded server memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path

from benchmarks.load import run_load
from benchmarks.load_report import LoadProfile, failures


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
