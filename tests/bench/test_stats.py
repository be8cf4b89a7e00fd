"""Percentiles and summaries of the benchmark harness."""

from __future__ import annotations

import math

import pytest

from benchmarks.stats import median, percentile, ratio, summarize


def test_percentiles_interpolate_between_samples() -> None:
    samples = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert percentile(samples, 0.5) == 3.0
    assert percentile(samples, 0.0) == 1.0
    assert percentile(samples, 1.0) == 5.0
    assert percentile(samples, 0.95) == pytest.approx(4.8)


def test_summary_of_unsorted_samples() -> None:
    summary = summarize([5.0, 1.0, 3.0])
    assert (summary.count, summary.p50, summary.maximum, summary.mean) == (3, 3.0, 5.0, 3.0)
    assert summary.p50 <= summary.p95 <= summary.p99 <= summary.maximum


def test_no_samples_summarize_to_nan() -> None:
    summary = summarize([])
    assert summary.empty
    assert math.isnan(summary.p99)
    assert math.isnan(median([]))


def test_percentile_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="no samples"):
        percentile([], 0.5)
    with pytest.raises(ValueError, match="fraction"):
        percentile([1.0], 1.5)


def test_ratio_is_nan_unless_both_sides_are_measured() -> None:
    assert ratio(3.0, 1.5) == 2.0
    assert math.isnan(ratio(1.0, 0.0))
    assert math.isnan(ratio(math.nan, 1.0))
