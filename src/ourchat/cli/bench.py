"""`ourchat bench`: run the benchmarks and write the report (and docs/performance.md)."""

from __future__ import annotations

import argparse
import shlex
import signal
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

DEFAULT_RESULTS = Path("results") / "bench"
DEFAULT_DOCS = Path("docs") / "performance.md"


def add_bench_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `bench` subcommand and its options."""
    bench = commands.add_parser("bench", help="benchmark the local stack and write a report")
    bench.add_argument(
        "--plan",
        choices=["full", "quick", "tiny"],
        default="full",
        help="how much to measure: full (make bench, under 10 minutes), quick, tiny",
    )
    bench.add_argument(
        "--results", type=Path, default=DEFAULT_RESULTS, help="folder for reports and plots"
    )
    bench.add_argument(
        "--docs",
        type=Path,
        default=DEFAULT_DOCS,
        help="the performance document whose figures to update",
    )
    bench.add_argument("--no-docs", action="store_true", help="leave the performance doc alone")
    bench.add_argument(
        "--no-dynamodb", action="store_true", help="skip the DynamoDB store (on moto)"
    )
    bench.add_argument(
        "--pyproject",
        type=Path,
        default=Path("pyproject.toml"),
        help="lists the runtime dependencies of the Lambda package",
    )
    bench.add_argument(
        "--python-version",
        help="the Lambda runtime's Python version for the package (default: the CDK app's)",
    )


def bench(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """Run the benchmark the parsed options describe; returns the exit code."""
    from ourchat.bench.plan import PLANS
    from ourchat.bench.progress import Progress
    from ourchat.bench.runner import RunOptions, run_bench

    options = RunOptions(
        plan=PLANS[args.plan],
        results_root=args.results,
        docs=None if args.no_docs else args.docs,
        command=shlex.join(["ourchat", *argv]),
        dynamodb=not args.no_dynamodb,
        pyproject=args.pyproject,
        python_version=args.python_version,
    )
    # `timeout` (make bench) stops with SIGTERM: unwind, so that every child server stops too.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    report = run_bench(options, Progress())
    print(report)
    return 0


def _exit_on_signal(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)
