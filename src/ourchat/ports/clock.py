"""The clock port: the services never read the system time themselves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]
"""Returns the current moment as an aware UTC datetime."""


def system_clock() -> datetime:
    """Return the current UTC time from the system clock."""
    return datetime.now(UTC)
