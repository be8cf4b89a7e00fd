"""A two-way route whose result is invalid: the body is not a string."""

from __future__ import annotations

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Return a body that API Gateway cannot send."""
    return {"statusCode": 200, "body": {"not": "a string"}}
