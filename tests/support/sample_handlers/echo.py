"""A two-way route that answers with the frame it received."""

from __future__ import annotations

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Echo the body."""
    return {"statusCode": 200, "body": event["body"]}
