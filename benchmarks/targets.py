"""The issue's targets, checked against a run's results (ratios to baselines of the same run)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from benchmarks.coldstart import BOTO3
from benchmarks.results import BenchResults, FanoutResult
from benchmarks.stats import ratio

FANOUT_TARGET_MEMBERS = 100
FANOUT_LIMIT = 3.0
THROUGHPUT_LIMIT = 0.25
HISTORY_LIMIT = 1.5
IMPORT_LIMIT = 1.5
HEADLINE_ARM = "sqlite/inprocess"


@dataclass(frozen=True, slots=True)
class Verdict:
    """One target: what was measured, as a ratio to its baseline, against its limit."""

    target: str
    measured: str
    ratio: float
    limit: float
    at_least: bool = False

    @property
    def met(self) -> bool | None:
        """True or False; None when the ratio could not be measured."""
        if not math.isfinite(self.ratio):
            return None
        return self.ratio >= self.limit if self.at_least else self.ratio <= self.limit


def _fanout_pair(results: BenchResults) -> tuple[FanoutResult, FanoutResult] | None:
    by_key = {(r.arm, r.members): r for r in results.fanout}
    sizes = sorted(
        {m for (arm, m) in by_key if arm == HEADLINE_ARM and ("raw", m) in by_key},
        key=lambda m: abs(m - FANOUT_TARGET_MEMBERS),
    )
    if not sizes:
        return None
    return by_key[(HEADLINE_ARM, sizes[0])], by_key[("raw", sizes[0])]


def _fanout(results: BenchResults) -> Verdict:
    pair = _fanout_pair(results)
    if pair is None:
        return Verdict("Fan-out p99 (in-process pusher) <= 3x raw", "not measured", math.nan, 3.0)
    ours, raw = pair
    value = ratio(ours.latency_ms.p99, raw.latency_ms.p99)
    measured = (
        f"{ours.members} members: p99 {ours.latency_ms.p99:.1f} ms vs raw "
        f"{raw.latency_ms.p99:.1f} ms"
    )
    return Verdict(f"Fan-out to {ours.members}, p99 <= 3x raw", measured, value, FANOUT_LIMIT)


def _throughput(results: BenchResults) -> Verdict:
    by_arm = {r.arm: r for r in results.throughput}
    ours, raw = by_arm.get(HEADLINE_ARM), by_arm.get("raw")
    if ours is None or raw is None:
        return Verdict("Throughput >= 25% of raw", "not measured", math.nan, THROUGHPUT_LIMIT, True)
    value = ratio(ours.events_per_second, raw.events_per_second)
    measured = f"{ours.events_per_second:,.0f} vs raw {raw.events_per_second:,.0f} events/s"
    return Verdict("Delivered events/s >= 25% of raw", measured, value, THROUGHPUT_LIMIT, True)


def _history(results: BenchResults) -> list[Verdict]:
    verdicts: list[Verdict] = []
    for operation in ("getLastMessages", "getThreadsByGroup"):
        rows = sorted(
            (r for r in results.history if r.store == "sqlite" and r.operation == operation),
            key=lambda r: r.messages,
        )
        if len(rows) < 2:
            continue
        small, large = rows[0], rows[-1]
        value = ratio(large.latency_ms.p50, small.latency_ms.p50)
        measured = (
            f"p50 {large.latency_ms.p50:.2f} ms at {large.messages:,} vs "
            f"{small.latency_ms.p50:.2f} ms at {small.messages:,} messages"
        )
        verdicts.append(
            Verdict(f"{operation} at 10^5 within 1.5x of 10^3", measured, value, HISTORY_LIMIT)
        )
    return verdicts


def _imports(results: BenchResults) -> Verdict:
    if results.coldstart is None:
        return Verdict("Handler import <= 1.5x boto3", "not measured", math.nan, IMPORT_LIMIT)
    imports = {t.module: t.median_ms for t in results.coldstart.timings if t.variant == "import"}
    boto3 = imports.pop(BOTO3, math.nan)
    if not imports:
        return Verdict("Handler import <= 1.5x boto3", "not measured", math.nan, IMPORT_LIMIT)
    slowest = max(imports, key=lambda module: imports[module])
    measured = f"slowest {slowest} {imports[slowest]:.0f} ms vs import boto3 {boto3:.0f} ms"
    value = ratio(imports[slowest], boto3)
    return Verdict("Importing any handler <= 1.5x import boto3", measured, value, IMPORT_LIMIT)


def verdicts(results: BenchResults) -> list[Verdict]:
    """Check every target the run measured."""
    return [_fanout(results), _throughput(results), *_history(results), _imports(results)]
