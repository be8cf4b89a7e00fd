"""Server-assigned timestamps: UTC, ISO-8601 with milliseconds, e.g. 2026-11-28T03:20:00.000Z.

Timestamps in this fixed format sort lexicographically in time order, which the stores rely on.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MS = timedelta(milliseconds=1)


def format_timestamp(moment: datetime) -> str:
    """Format an aware datetime as UTC ISO-8601 with milliseconds and a Z suffix."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_timestamp(text: str) -> datetime:
    """Parse a timestamp written by `format_timestamp`.

    Raises:
        ValueError: The text is not in that format.
    """
    invalid = ValueError(f"not a UTC millisecond timestamp: {text!r}")
    if len(text) != 24 or not text.endswith("Z"):
        raise invalid
    moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    # strptime also takes one-digit fields ("2026-1-28T..."); only the canonical text sorts right.
    if format_timestamp(moment) != text:
        raise invalid
    return moment


def epoch_ms(moment: datetime) -> int:
    """Return Unix milliseconds of an aware datetime."""
    # Integer arithmetic: float seconds * 1000 loses a millisecond for some moments after 2038.
    return (moment - _EPOCH) // _ONE_MS
