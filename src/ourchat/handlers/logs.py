"""Structured JSON logs with a correlation id, on the standard logging module.

Every record is one JSON object with the invocation's correlation id (API Gateway's
requestId), a fingerprint of its connection id and its route. Tokens never reach a log: the
authorizer logs only the outcome, and message contents are logged only at debug level. The
connection id itself is left out: it addresses the @connections API, so whoever reads the
logs could push into or close a session with it, given the means to call that API.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import logging
import os
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

_NO_CONTEXT: Mapping[str, str] = MappingProxyType({})
_context: contextvars.ContextVar[Mapping[str, str]] = contextvars.ContextVar(
    "ourchat_log_context", default=_NO_CONTEXT
)
_RESERVED = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message"}


class JsonFormatter(logging.Formatter):
    """Formats a record as one line of JSON with the bound context and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the JSON line of a record."""
        entry: dict[str, Any] = {
            "level": record.levelname,
            "timestamp": _timestamp(record.created),
            "logger": record.name,
            "message": record.getMessage(),
            **_context.get(),
        }
        entry.update((k, v) for k, v in record.__dict__.items() if k not in _RESERVED)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def _timestamp(created: float) -> str:
    """Return a record's time in UTC ISO-8601 with milliseconds, like the chat's timestamps.

    Records of one second then keep their order, and lines of different machines compare.
    """
    moment = datetime.fromtimestamp(created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _level(name: str) -> int:
    """The logging level of a name; INFO for an unknown one (a typo must not break init)."""
    level = logging.getLevelNamesMapping().get(name.strip().upper())
    return logging.INFO if level is None else level


def get_logger(name: str) -> logging.Logger:
    """Return a logger whose records reach stdout as JSON (Lambda sends stdout to CloudWatch)."""
    root = logging.getLogger("ourchat")
    if not root.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
        root.setLevel(_level(os.environ.get("OURCHAT_LOG_LEVEL", "INFO")))
        root.propagate = False
    return logging.getLogger(name)


def connection_ref(connection_id: str) -> str:
    """A short fingerprint of a connection id: the lines of one connection share it, and it
    does not give the id back (API Gateway's ids carry over 70 random bits)."""
    if not connection_id:
        return ""
    return hashlib.blake2b(connection_id.encode("utf-8"), digest_size=6).hexdigest()


def bind_request(event: Mapping[str, Any]) -> contextvars.Token[Mapping[str, str]]:
    """Bind the correlation id, connection fingerprint and route of an event to later log
    records."""
    context = event.get("requestContext") or {}
    fields = {
        "correlation_id": str(context.get("requestId", "")),
        "connection": connection_ref(str(context.get("connectionId", ""))),
        "route": str(context.get("routeKey", "")),
    }
    return _context.set(fields)


def unbind_request(token: contextvars.Token[Mapping[str, str]]) -> None:
    """Drop the context bound by `bind_request`."""
    _context.reset(token)
