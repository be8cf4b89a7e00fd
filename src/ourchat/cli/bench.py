"""`ourchat bench`: the checkout's benchmarks (`python -m benchmarks`), under the ourchat command.

The harness is the top-level `benchmarks` package of a checkout, which the wheel (and so the
Lambda package) leaves out: it is imported only when the command runs, never by `ourchat`.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path

NOT_A_CHECKOUT = (
    "ourchat bench: the benchmarks are not part of the installed package; "
    "run from a checkout: make bench"
)


def add_bench_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """List the `bench` subcommand; its options are the benchmarks' own (`bench --help`)."""
    commands.add_parser("bench", help="benchmark the local stack and write a report (checkout)")


def bench(argv: Sequence[str]) -> int:
    """Run `python -m benchmarks` with these options; returns the exit code."""
    if not benchmarks_importable():
        print(NOT_A_CHECKOUT, file=sys.stderr)
        return 2
    from benchmarks.cli import main

    return main(argv, prog="ourchat bench")


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
