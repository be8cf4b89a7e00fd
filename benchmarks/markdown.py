"""Small helpers to write markdown tables and numbers (NaN shows as a dash)."""

from __future__ import annotations

import math
from collections.abc import Sequence

DASH = "—"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    """Return a markdown table; columns whose index is in `right` are right-aligned."""
    align = ["---:" if index in right else "---" for index in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def num(value: float, digits: int = 1) -> str:
    """A number with `digits` decimals and thousands separators, or a dash for NaN."""
    if not math.isfinite(value):
        return DASH
    return f"{value:,.{digits}f}"


def times(value: float) -> str:
    """A ratio such as `2.41x`, or a dash."""
    return DASH if not math.isfinite(value) else f"{value:.2f}x"


def mib(size: int) -> str:
    """Bytes in MiB with two decimals."""
    return f"{size / (1024 * 1024):.2f} MiB"


def verdict_mark(met: bool | None) -> str:
    """A word for a target's outcome."""
    return {True: "met", False: "**missed**", None: "not measured"}[met]
