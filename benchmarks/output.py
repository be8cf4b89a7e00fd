"""Writes a run's results: JSON, PNG plots, the markdown report, and docs/performance.md."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict
from pathlib import Path

from benchmarks.docs_update import update_document
from benchmarks.plots import write_plots
from benchmarks.report import render_report, render_sections
from benchmarks.results import BenchResults

REPORT_FILE = "report.md"
RESULTS_FILE = "results.json"
LATEST_LINK = "latest"


def write_outputs(results: BenchResults, out_dir: Path, docs: Path | None) -> Path:
    """Write everything into `out_dir` (and the figures into `docs`); return the report's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / RESULTS_FILE).write_text(
        json.dumps(asdict(results), indent=2, default=str), encoding="utf-8"
    )
    plots = write_plots(results, out_dir)
    report = out_dir / REPORT_FILE
    report.write_text(render_report(results, plots), encoding="utf-8")
    if docs is not None:
        update_document(docs, render_sections(results, level=3))
    latest = out_dir.parent / LATEST_LINK
    with contextlib.suppress(OSError):
        if latest.is_symlink():
            latest.unlink()
        if not latest.exists():
            latest.symlink_to(out_dir.name)
    return report
