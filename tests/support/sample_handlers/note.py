"""A one-way route: records the event; its result's body must not reach the client."""

from __future__ import annotations

from typing import Any

from tests.support.sample_handlers.recorder import RECORDER


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Record the message."""
    RECORDER.record(event)
    return {"statusCode": 200, "body": "one-way routes send nothing back"}
