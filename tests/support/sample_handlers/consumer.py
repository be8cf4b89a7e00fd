"""A sample queue consumer: records each batch, fails the records whose body says so.

A body `fail:N` fails its first N deliveries; `raise` makes the whole invocation raise.
"""

from __future__ import annotations

import threading
from typing import Any

BATCHES: list[list[dict[str, Any]]] = []
CHANGED = threading.Condition()


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Record the batch; report the records asked to fail."""
    records = event["Records"]
    with CHANGED:
        BATCHES.append(records)
        CHANGED.notify_all()
    if any(record["body"] == "raise" for record in records):
        raise RuntimeError("asked to raise")
    failed = []
    for record in records:
        kind, _, count = record["body"].partition(":")
        receives = int(record["attributes"]["ApproximateReceiveCount"])
        if kind == "fail" and receives <= int(count):
            failed.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failed}


def wait_for_bodies(count: int, timeout: float = 5.0) -> list[list[dict[str, Any]]]:
    """Wait until `count` records were handed over in all; return the batches so far."""
    with CHANGED:
        if not CHANGED.wait_for(lambda: sum(map(len, BATCHES)) >= count, timeout):
            raise TimeoutError(f"{sum(map(len, BATCHES))} of {count} records came")
        return [list(batch) for batch in BATCHES]


def reset() -> None:
    """Forget the batches of earlier tests."""
    with CHANGED:
        BATCHES.clear()
