"""A route that blocks until the test releases it (for the integration timeout)."""

from __future__ import annotations

import threading
from typing import Any

RELEASE = threading.Event()


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Block until released (at most 10 s), then answer."""
    RELEASE.wait(10)
    return {"statusCode": 200, "body": "too late"}
