"""`python -m benchmarks` (`make bench`; also `ourchat bench` in a checkout): run the benchmarks.

Writes the report with plots under --results and the figures into docs/performance.md.
"""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from benchmarks.plan import PLANS
from benchmarks.progress import Progress
from benchmarks.runner import RunOptions, run_bench

DEFAULT_RESULTS = Path("results") / "bench"
DEFAULT_DOCS = Path("docs") / "performance.md"
PROG = "python -m benchmarks"


def build_parser(prog: str = PROG) -> argparse.ArgumentParser:
    """Return the parser of the benchmark's options."""
    bench = argparse.ArgumentParser(
        prog=prog, description="Benchmark the local stack and write a report."
    )
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
    return bench


def main(argv: Sequence[str] | None = None, prog: str = PROG) -> int:
    """Run the benchmark the options describe; returns the exit code.

    Args:
        argv: The options (sys.argv[1:] by default).
        prog: The command as the user typed it, for the help and the report.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(prog).parse_args(arguments)
    options = RunOptions(
        plan=PLANS[args.plan],
        results_root=args.results,
        docs=None if args.no_docs else args.docs,
        command=shlex.join([*prog.split(), *arguments]),
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
