"""A route whose handler raises."""

from __future__ import annotations

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Fail."""
    raise RuntimeError("the handler failed")
