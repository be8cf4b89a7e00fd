"""The markdown report of a run: targets, every scenario's figures, the cost model, notes."""

from __future__ import annotations

import math

from benchmarks.markdown import DASH, table, verdict_mark
from benchmarks.report_coldstart import coldstart_section
from benchmarks.report_cost import cost_section
from benchmarks.report_scenarios import (
    fanout_section,
    history_section,
    many_section,
    storm_section,
    throughput_section,
)
from benchmarks.results import BenchResults
from benchmarks.targets import verdicts

SECTION_TITLES = (
    "Run",
    "Targets",
    "1. Fan-out latency",
    "2. Throughput at saturation",
    "3. History reads",
    "4. Connection storm",
    "5. Cold start and package size",
    "6. Many connections",
    "Cost model: dollars per 1M messages",
    "Notes",
)


def _run(r: BenchResults) -> str:
    m = r.machine
    load = ", ".join(f"{x:.2f}" for x in m.load_before)
    after = ", ".join(f"{x:.2f}" for x in r.load_after)
    return "\n".join(
        [
            f"- Command: `{r.command}` (plan `{r.plan}`), {r.started} to {r.finished} "
            f"({r.seconds / 60:.1f} min)",
            f"- Machine: {m.cores} cores ({m.cpu_model}), {m.memory_gib:.1f} GiB, {m.python}, "
            f"{m.platform}",
            f"- Load average (1, 5, 15 min): {load} before, {after} after",
            "- Layout: each server in its own process (ourchat's LocalChat, the raw broadcast "
            "server, moto); every client in the bench process (asyncio, `websockets`); "
            "all on 127.0.0.1, so clients and servers share the cores.",
        ]
    )


def _value(value: float, unit: str) -> str:
    if not math.isfinite(value):  # not measured
        return DASH
    return f"{value:.3f}{unit}" if unit == " ms" else f"{value:.2f}{unit}"


def _targets(r: BenchResults) -> str:
    rows = [
        [
            v.target,
            v.measured,
            _value(v.ratio, v.unit),
            f"{'>=' if v.at_least else '<='} {v.limit:g}{v.unit}",
            verdict_mark(v.met),
        ]
        for v in verdicts(r)
    ]
    return table(["target", "measured", "now", "target", "verdict"], rows, right=(2,))


def _notes(r: BenchResults) -> str:
    return "\n".join(f"- {note}" for note in r.notes) or "- None."


def render_sections(r: BenchResults, level: int = 2) -> str:
    """Return every section of the report, with headings at `level`."""
    bodies = (
        _run(r),
        _targets(r),
        fanout_section(r),
        throughput_section(r),
        history_section(r),
        storm_section(r),
        coldstart_section(r),
        many_section(r),
        cost_section(r),
        _notes(r),
    )
    hashes = "#" * level
    return "\n\n".join(
        f"{hashes} {title}\n\n{body}" for title, body in zip(SECTION_TITLES, bodies, strict=True)
    )


def render_report(r: BenchResults, plots: list[str]) -> str:
    """Return the whole markdown report, with links to the plot files."""
    figures = "\n".join(f"![{name}]({name})" for name in plots)
    return f"# ourchat benchmark report\n\n{render_sections(r)}\n\n## Plots\n\n{figures}\n"
