"""What a run is asked to do: the plan, where to write, and how the report names the command."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.plan import BenchPlan


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What to run and where to write.

    Args:
        results_root: The run writes into a new folder `<results_root>/<UTC timestamp>/`.
        docs: docs/performance.md to update with the figures; None leaves it alone.
        command: The command line, as the report shows it.
        dynamodb: Also run the DynamoDB store on moto.
        pyproject: Where the runtime dependencies of the Lambda package are listed.
        python_version: The Lambda runtime's Python version for the package's wheels when
            the CDK app's bundling is not there; None takes the CDK app's version.
    """

    plan: BenchPlan
    results_root: Path
    docs: Path | None
    command: str
    dynamodb: bool = True
    pyproject: Path | None = None
    python_version: str | None = None


def now_text() -> str:
    """The current UTC time as the report prints it."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
