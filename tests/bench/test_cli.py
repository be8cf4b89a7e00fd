"""The benchmark's command line (`python -m benchmarks`, `make bench`, `ourchat bench`)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.cli import build_parser
from benchmarks.plan import PLANS


def test_bench_defaults_to_the_full_plan_and_the_performance_doc() -> None:
    args = build_parser().parse_args([])
    assert args.plan == "full"
    assert args.docs == Path("docs") / "performance.md"
    assert not args.no_docs
    assert not args.no_dynamodb


def test_every_plan_name_is_a_plan() -> None:
    parser = build_parser()
    for name in PLANS:
        assert parser.parse_args(["--plan", name, "--no-docs"]).plan == name


def test_every_plan_has_a_fanout_size_and_two_history_sizes() -> None:
    for plan in PLANS.values():
        for store in (plan.sqlite, plan.dynamodb):
            assert store.fanout
            small, large = store.history.message_counts
            assert 0 < small < large
