"""A thread-safe record of the events the sample handlers received."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class EventRecorder:
    """Keeps every recorded event; tests wait on it with a timeout, never with sleeps."""

    def __init__(self) -> None:
        self._events: list[dict[str, Any]] = []
        self._changed = threading.Condition()

    def record(self, event: dict[str, Any]) -> None:
        """Keep one event and wake the waiters."""
        with self._changed:
            self._events.append(event)
            self._changed.notify_all()

    def events_of(self, connection_id: str, route_key: str) -> list[dict[str, Any]]:
        """Return the events of one connection and route, oldest first."""
        with self._changed:
            return [
                event
                for event in self._events
                if event["requestContext"]["connectionId"] == connection_id
                and event["requestContext"]["routeKey"] == route_key
            ]

    def wait_for(
        self, predicate: Callable[[list[dict[str, Any]]], bool], timeout: float = 5.0
    ) -> list[dict[str, Any]]:
        """Wait until `predicate(all events)` holds; return a copy of the events.

        Raises:
            TimeoutError: The predicate did not hold within `timeout` seconds.
        """
        with self._changed:
            if not self._changed.wait_for(lambda: predicate(self._events), timeout):
                raise TimeoutError("the expected events were not recorded")
            return list(self._events)

    def wait_for_route(
        self, connection_id: str, route_key: str, timeout: float = 5.0
    ) -> dict[str, Any]:
        """Wait for the first event of a connection on a route and return it."""

        def seen(events: list[dict[str, Any]]) -> bool:
            return any(
                event["requestContext"]["connectionId"] == connection_id
                and event["requestContext"]["routeKey"] == route_key
                for event in events
            )

        self.wait_for(seen, timeout)
        return self.events_of(connection_id, route_key)[0]


RECORDER = EventRecorder()
"""What the sample $connect, $disconnect and one-way handlers received."""
