"""Latency summaries: percentiles by linear interpolation, as numpy's default computes them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Summary:
    """The distribution of a set of samples (milliseconds, usually); NaN when there are none."""

    count: int
    mean: float
    p50: float
    p95: float
    p99: float
    maximum: float

    @property
    def empty(self) -> bool:
        """True when there were no samples."""
        return self.count == 0


def percentile(sorted_samples: Sequence[float], fraction: float) -> float:
    """Return the percentile at `fraction` (0-1) of samples sorted in ascending order.

    Raises:
        ValueError: There are no samples, or the fraction is outside 0-1.
    """
    if not sorted_samples:
        raise ValueError("no samples")
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must be within 0 and 1, not {fraction}")
    position = fraction * (len(sorted_samples) - 1)
    low = math.floor(position)
    high = min(low + 1, len(sorted_samples) - 1)
    weight = position - low
    return sorted_samples[low] * (1 - weight) + sorted_samples[high] * weight


def summarize(samples: Sequence[float]) -> Summary:
    """Summarize samples; an empty sequence gives a Summary of NaNs with count 0."""
    if not samples:
        nan = math.nan
        return Summary(0, nan, nan, nan, nan, nan)
    ordered = sorted(samples)
    return Summary(
        count=len(ordered),
        mean=math.fsum(ordered) / len(ordered),
        p50=percentile(ordered, 0.50),
        p95=percentile(ordered, 0.95),
        p99=percentile(ordered, 0.99),
        maximum=ordered[-1],
    )


def median(samples: Sequence[float]) -> float:
    """Return the median, or NaN for no samples."""
    return summarize(samples).p50


def ratio(numerator: float, denominator: float) -> float:
    """Return numerator / denominator, or NaN when either is not a positive finite number."""
    if not (math.isfinite(numerator) and math.isfinite(denominator)) or denominator <= 0:
        return math.nan
    return numerator / denominator
