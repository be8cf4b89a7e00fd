"""$disconnect: records the event."""

from __future__ import annotations

from typing import Any

from tests.support.sample_handlers.recorder import RECORDER


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Record the disconnect."""
    RECORDER.record(event)
    return {"statusCode": 200}
