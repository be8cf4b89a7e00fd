"""A whole benchmark run at the tiny plan: every scenario runs and the outputs are complete.

Speed is never asserted here (it is a benchmark's job, as ratios to baselines); this only
proves that the harness measures something sane and writes every part of its report.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from benchmarks.docs_update import BEGIN, END
from benchmarks.plan import TINY
from benchmarks.progress import Progress
from benchmarks.report import SECTION_TITLES
from benchmarks.runner import RunOptions, run_bench

WRITTEN = "Text written by a person, which the run must keep."
CHAT_ARMS = {"sqlite/inprocess", "sqlite/http", "dynamodb/http"}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Run the tiny plan once; return the report's path and the updated doc's path."""
    root = tmp_path_factory.mktemp("bench")
    docs = root / "performance.md"
    docs.write_text(f"# Performance\n\n{WRITTEN}\n\n{BEGIN}\nold\n{END}\n", encoding="utf-8")
    with (root / "progress.log").open("w") as stream:
        options = RunOptions(TINY, root / "results", docs, "ourchat bench --plan tiny")
        report = run_bench(options, Progress(stream))
    return report, docs


@pytest.fixture(scope="module")
def results(run: tuple[Path, Path]) -> dict[str, Any]:
    report, _ = run
    loaded: dict[str, Any] = json.loads((report.parent / "results.json").read_text())
    return loaded


def positive(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


def test_no_stage_failed(results: dict[str, Any]) -> None:
    assert not [note for note in results["notes"] if "failed" in note]


def test_the_report_has_every_section(run: tuple[Path, Path]) -> None:
    text = run[0].read_text()
    for title in SECTION_TITLES:
        assert f"\n## {title}\n" in text
    assert "| verdict |" in text


def test_fanout_was_measured_on_every_arm(results: dict[str, Any]) -> None:
    arms = {row["arm"] for row in results["fanout"]}
    assert arms == {"raw", *CHAT_ARMS}
    for row in results["fanout"]:
        assert row["lost"] == 0
        assert row["latency_ms"]["count"] > 0
        assert positive(row["latency_ms"]["p50"])
        assert row["latency_ms"]["p50"] <= row["latency_ms"]["p99"]


def test_throughput_storm_and_history_are_sane(results: dict[str, Any]) -> None:
    assert {row["arm"] for row in results["throughput"]} == {"raw", *CHAT_ARMS}
    for row in results["throughput"]:
        assert positive(row["acked_per_second"])
        assert positive(row["events_per_second"])
    for row in results["storm"]:
        assert row["failures"] == 0
        assert positive(row["per_second"])
    assert {row["store"] for row in results["history"]} == {"sqlite", "dynamodb"}
    assert {row["operation"] for row in results["history"]} == {
        "getLastMessages",
        "getThreadsByGroup",
        "sync",
    }
    for row in results["history"]:
        assert positive(row["latency_ms"]["p50"])


def test_cold_start_package_and_probe_are_sane(results: dict[str, Any]) -> None:
    timings = results["coldstart"]["timings"]
    assert {t["module"] for t in timings} == {"boto3", *TINY.coldstart_modules}
    assert all(positive(t["median_ms"]) for t in timings)
    assert positive(results["package"]["zipped_bytes"])
    assert results["package"]["zipped_bytes"] < results["package"]["unzipped_bytes"]
    for pusher in ("boto3", "lean", "queued"):
        probes = [p for p in results["probe"] if p["pusher"] == pusher]
        assert [p["recipients"] for p in probes] == list(TINY.probe_sizes)
    assert all(positive(p["cpu_ms"]) for p in results["probe"])


def test_many_connections_were_held_and_measured(results: dict[str, Any]) -> None:
    many = results["many"]
    assert TINY.many is not None
    assert many["connections"] == TINY.many.connections
    assert many["lost"] == 0
    assert many["latency_ms"]["count"] == TINY.many.messages
    assert positive(many["connects_per_second"])
    assert positive(many["rss_connected_kib"])


def test_plots_are_pngs(run: tuple[Path, Path]) -> None:
    text = run[0].read_text()
    names = [line[line.index("(") + 1 : -1] for line in text.splitlines() if line.startswith("![")]
    assert len(names) == 6
    for name in names:
        assert (run[0].parent / name).read_bytes().startswith(b"\x89PNG")


def test_the_doc_gets_the_figures_and_keeps_its_text(run: tuple[Path, Path]) -> None:
    text = run[1].read_text()
    assert WRITTEN in text
    assert "\nold\n" not in text
    assert "### Targets" in text
    assert "ourchat bench --plan tiny" in text
    assert text.index(BEGIN) < text.index("### Targets") < text.index(END)
