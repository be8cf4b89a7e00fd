"""The handlers' JSON log lines: UTC timestamps with milliseconds, and the bound context."""

from __future__ import annotations

import json
import logging
import re

from ourchat.handlers.logs import JsonFormatter, bind_request, connection_ref, unbind_request

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def record(created: float) -> logging.LogRecord:
    entry = logging.LogRecord("ourchat.test", logging.INFO, __file__, 1, "hello", None, None)
    entry.created = created
    return entry


def test_timestamps_are_utc_with_milliseconds() -> None:
    line = json.loads(JsonFormatter().format(record(1795923900.123456)))

    assert TIMESTAMP.match(line["timestamp"]), line["timestamp"]
    assert line["timestamp"] == "2026-11-29T03:45:00.123Z"


def test_two_records_in_one_second_are_told_apart() -> None:
    first = json.loads(JsonFormatter().format(record(1795923900.001)))
    second = json.loads(JsonFormatter().format(record(1795923900.002)))

    assert first["timestamp"] < second["timestamp"]


def test_a_line_carries_the_bound_request() -> None:
    token = bind_request({"requestContext": {"requestId": "r-1", "connectionId": "c-1="}})
    try:
        line = json.loads(JsonFormatter().format(record(0)))
    finally:
        unbind_request(token)

    assert (line["correlation_id"], line["connection"]) == ("r-1", connection_ref("c-1="))
    # The id itself never: it addresses the @connections API
    assert "c-1=" not in json.dumps(line)
    assert len(line["connection"]) == 12
