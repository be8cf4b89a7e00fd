"""Runs a whole benchmark: servers in child processes, scenarios, baselines, report, docs.

Each stage is bounded in count and time by the plan; a stage that fails is recorded in the
report's notes and the run goes on, so one broken part never hides the others' figures.
"""

from __future__ import annotations

import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.machine import load_average
from benchmarks.moto_server import moto_server
from benchmarks.notes import standard_notes
from benchmarks.options import RunOptions, now_text
from benchmarks.output import write_outputs
from benchmarks.progress import Progress
from benchmarks.server_process import raise_open_files_limit
from benchmarks.stages import Run

__all__ = ["RunOptions", "run_bench"]


def run_bench(options: RunOptions, progress: Progress) -> Path:
    """Run every stage of the plan and write the outputs; return the report's path."""
    raise_open_files_limit()
    started = time.monotonic()
    out_dir = options.results_root / datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    (out_dir / "logs").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ourchat-bench-") as scratch, ExitStack() as stack:
        run = Run(options, progress, out_dir, Path(scratch))
        plan = options.plan
        moto = moto_server(run.log("moto"))
        if options.dynamodb:
            stack.callback(moto.close)
            moto.launch()  # moto starts while the SQLite stage runs
        run.stage(
            "SQLite: fan-out, throughput, storm", lambda: run.sockets("sqlite", plan.sqlite, True)
        )
        if options.dynamodb:
            run.stage("start moto", lambda: run.use_moto(moto))
        if run.moto_url:
            run.stage(
                "DynamoDB (moto): fan-out, throughput, storm",
                lambda: run.sockets("dynamodb", plan.dynamodb, False),
            )
        run.stage("SQLite: history reads", lambda: run.history("sqlite", plan.sqlite.history))
        if run.moto_url:
            run.stage(
                "DynamoDB (moto): history reads",
                lambda: run.history("dynamodb", plan.dynamodb.history),
            )
        if plan.many is not None:
            run.stage(f"{plan.many.connections:,} connections on one server", run.many)
        run.stage("cold start imports", run.coldstart)
        run.stage("Lambda package size", run.package)
        run.stage("Lambda CPU probe (sendMessage on moto)", run.probe)
    results = run.results
    results.finished = now_text()
    results.seconds = time.monotonic() - started
    results.load_after = load_average()
    results.notes[:0] = standard_notes(results, options.plan)
    report = write_outputs(results, out_dir, options.docs)
    progress.line(f"report: {report}")
    return report
