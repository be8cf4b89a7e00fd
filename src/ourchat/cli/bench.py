"""`ourchat bench`: run the benchmarks and write the report (and docs/performance.md).

The harness is the top-level `benchmarks` package of a checkout, which the wheel (and so the
Lambda package) leaves out: it is imported only when the command runs, never by `ourchat`.
"""

from __future__ import annotations

import argparse
import importlib.util
import shlex
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

DEFAULT_RESULTS = Path("results") / "bench"
DEFAULT_DOCS = Path("docs") / "performance.md"
NOT_A_CHECKOUT = (
    "ourchat bench: the benchmarks are not part of the installed package; "
    "run from a checkout: make bench"
)


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
    if not benchmarks_importable():
        print(NOT_A_CHECKOUT, file=sys.stderr)
        return 2
    from benchmarks.plan import PLANS
    from benchmarks.progress import Progress
    from benchmarks.runner import RunOptions, run_bench

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


def benchmarks_importable() -> bool:
    """Tell whether `benchmarks` can be imported, from the current directory if need be.

    A console script puts its own folder first on sys.path, not the current one, so a
    checkout's `benchmarks` is found only after adding the checkout (as `python -m` would).
    """
    if importlib.util.find_spec("benchmarks") is not None:
        return True
    checkout = Path.cwd()
    if not (checkout / "benchmarks" / "__init__.py").is_file():
        return False
    sys.path.insert(0, str(checkout))
    return importlib.util.find_spec("benchmarks") is not None
