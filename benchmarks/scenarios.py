"""The socket scenarios (fan-out, throughput, storm) over a set of running arms."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from benchmarks.arms import Arm
from benchmarks.fanout import measure_fanout
from benchmarks.fixtures import Fixture
from benchmarks.plan import StorePlan
from benchmarks.progress import Progress
from benchmarks.results import BenchResults
from benchmarks.settle import wait_until_idle
from benchmarks.storm import measure_storm
from benchmarks.throughput import measure_throughput


@dataclass(frozen=True, slots=True)
class Running:
    """A started arm and the rooms seeded for it."""

    arm: Arm
    fixture: Fixture


async def run_socket_scenarios(
    running: Sequence[Running],
    plan: StorePlan,
    seqs: Iterator[int],
    results: BenchResults,
    progress: Progress,
    concurrency: int,
) -> None:
    """Run fan-out (every size), throughput and the connection storm on every arm.

    Within a scenario the arms alternate (fan-out) or take turns (throughput, storm), so
    that the raw baseline and ourchat are measured under the same machine load.
    """
    for size in plan.fanout:
        progress.stage(f"fan-out to {size.members} online members")
        arms = [(r.arm, r.fixture.fanout[size.members]) for r in running]
        results.fanout += await measure_fanout(arms, size, seqs, progress, concurrency)
        for r in running:
            await wait_until_idle(r.arm.child)
    progress.stage("throughput at saturation")
    pairs = [(r.arm, r.fixture.throughput) for r in running]
    results.throughput += await measure_throughput(
        pairs, plan.throughput, seqs, progress, concurrency
    )
    progress.stage("connection storm")
    for r in running:
        results.storm.append(await measure_storm(r.arm, r.fixture.storm, plan.storm, progress))
