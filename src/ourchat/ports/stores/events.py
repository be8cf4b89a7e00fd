"""The store port's history of each group: its numbered events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """An event as the history returns it: its name, number and frame data (a record)."""

    name: str
    group_id: str
    seq: int
    data: dict[str, Any]


class EventStore(Protocol):
    """The events of each group, numbered 1, 2, 3, ... without gaps, kept for a while.

    Events that carry a message (message.created, and later message.updated) are read from
    the message as it is now, so that content edited or deleted later is never replayed;
    the others come back as they were logged. Events past their retention may be gone.
    """

    def read_events(
        self, group_id: str, *, after_seq: int, limit: int, now_epoch_seconds: int
    ) -> list[LoggedEvent]:
        """Return up to `limit` events of the group with seq above `after_seq`, by seq.

        Events that expired (now at or past their expiry) are left out, so the result may
        have gaps where the retention ran out; callers check for them.
        """
        ...
