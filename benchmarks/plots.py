"""PNG plots of a run (matplotlib, no display needed)."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from benchmarks.cost import ProbeFits, cost_rows
from benchmarks.results import BenchResults


def _save(figure: Figure, out_dir: Path, name: str) -> str:
    figure.tight_layout()
    figure.savefig(out_dir / name, dpi=110)
    plt.close(figure)
    return name


def _bars(ax: Axes, labels: list[str], values: list[float], title: str, unit: str) -> None:
    clean = [v if math.isfinite(v) else 0.0 for v in values]
    ax.bar(range(len(labels)), clean, color="#4C72B0")
    ax.set_xticks(range(len(labels)), labels, rotation=20, ha="right")
    ax.set_title(title)
    ax.set_ylabel(unit)


def plot_fanout(r: BenchResults, out_dir: Path) -> str:
    """Fan-out p50 and p99 latency against the group size, one line pair per arm."""
    figure, ax = plt.subplots(figsize=(7, 4.5))
    for arm in sorted({f.arm for f in r.fanout}):
        rows = sorted((f for f in r.fanout if f.arm == arm), key=lambda f: f.members)
        xs = [f.members for f in rows]
        line = ax.plot(xs, [f.latency_ms.p99 for f in rows], marker="o", label=f"{arm} p99")
        ax.plot(
            xs,
            [f.latency_ms.p50 for f in rows],
            linestyle="--",
            marker=".",
            color=line[0].get_color(),
            label=f"{arm} p50",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("online members")
    ax.set_ylabel("send to last recipient (ms)")
    ax.set_title("Fan-out latency")
    ax.legend(fontsize=7)
    return _save(figure, out_dir, "fanout.png")


def plot_throughput(r: BenchResults, out_dir: Path) -> str:
    """Delivered events and acknowledged messages per second, per arm."""
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 4))
    labels = [t.arm for t in r.throughput]
    _bars(left, labels, [t.events_per_second for t in r.throughput], "Delivered events/s", "1/s")
    _bars(right, labels, [t.acked_per_second for t in r.throughput], "Acknowledged msgs/s", "1/s")
    return _save(figure, out_dir, "throughput.png")


def plot_history(r: BenchResults, out_dir: Path) -> str:
    """History read p50 latency: one panel per store, small and large database side by side."""
    stores = list(dict.fromkeys(h.store for h in r.history)) or ["sqlite"]
    figure, axes = plt.subplots(1, len(stores), figsize=(5 * len(stores), 4), squeeze=False)
    for ax, store in zip(axes[0], stores, strict=True):
        rows = [h for h in r.history if h.store == store]
        operations = list(dict.fromkeys(h.operation for h in rows))
        sizes = sorted({h.messages for h in rows})
        width = 0.8 / max(len(sizes), 1)
        for index, size in enumerate(sizes):
            values = [
                next(
                    (h.latency_ms.p50 for h in rows if h.operation == o and h.messages == size), 0.0
                )
                for o in operations
            ]
            positions = [i + index * width for i in range(len(operations))]
            ax.bar(positions, values, width, label=f"{size:,} messages")
        ax.set_xticks([i + 0.4 - width / 2 for i in range(len(operations))], operations)
        ax.set_title(f"History reads on {store} (p50)")
        ax.set_ylabel("ms")
        ax.legend(fontsize=8)
    return _save(figure, out_dir, "history.png")


def plot_storm(r: BenchResults, out_dir: Path) -> str:
    """Connects per second per arm."""
    figure, ax = plt.subplots(figsize=(6, 4))
    _bars(
        ax,
        [s.arm for s in r.storm],
        [s.per_second for s in r.storm],
        "Connection storm",
        "connects/s",
    )
    return _save(figure, out_dir, "storm.png")


def plot_coldstart(r: BenchResults, out_dir: Path) -> str:
    """Import time per handler module, with boto3's and the 1.5x limit."""
    figure, ax = plt.subplots(figsize=(8, 5))
    timings = [t for t in (r.coldstart.timings if r.coldstart else ()) if t.variant == "import"]
    boto3 = next((t.median_ms for t in timings if t.module == "boto3"), math.nan)
    handlers = [t for t in timings if t.module != "boto3"]
    ax.barh([t.module.rsplit(".", 1)[-1] for t in handlers], [t.median_ms for t in handlers])
    if math.isfinite(boto3):
        ax.axvline(boto3, color="black", label="import boto3")
        ax.axvline(1.5 * boto3, color="red", linestyle="--", label="1.5x boto3 (target)")
        ax.legend(fontsize=8)
    ax.set_xlabel("import time in a fresh interpreter (ms, median)")
    ax.set_title("Handler cold-start imports")
    return _save(figure, out_dir, "coldstart.png")


def plot_cost(r: BenchResults, out_dir: Path) -> str:
    """Dollars per 1M messages per design and group size (log scale)."""
    figure, ax = plt.subplots(figsize=(8, 4.5))
    if r.probe:
        rows = cost_rows(ProbeFits.of(r.probe), r.event_bytes)
        designs = list(dict.fromkeys(row.design for row in rows))
        sizes = sorted({row.members for row in rows})
        width = 0.8 / len(designs)
        for index, design in enumerate(designs):
            values = [
                next(x.dollars()["total"] for x in rows if x.design == design and x.members == n)
                for n in sizes
            ]
            ax.bar([i + index * width for i in range(len(sizes))], values, width, label=design)
        ax.set_xticks(
            [i + 0.4 - width / 2 for i in range(len(sizes))], [f"{n:,} members" for n in sizes]
        )
        ax.set_yscale("log")
        ax.legend(fontsize=7)
    ax.set_ylabel("$ per 1M messages")
    ax.set_title("Cost per 1M messages (10,000 connections in the system)")
    return _save(figure, out_dir, "cost.png")


def write_plots(r: BenchResults, out_dir: Path) -> list[str]:
    """Write every plot into `out_dir`; return the file names."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [
        plot(r, out_dir)
        for plot in (
            plot_fanout,
            plot_throughput,
            plot_history,
            plot_storm,
            plot_coldstart,
            plot_cost,
        )
    ]
