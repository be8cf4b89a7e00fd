"""A Lambda-like context object for handlers run by the local gateway."""

from __future__ import annotations

import functools
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from ourchat.gateway.events import ACCOUNT_ID, REGION

DEFAULT_MEMORY_MB = 128


@functools.cache
def _log_stream(function_name: str) -> str:
    """The function's log stream: one per execution environment, so one per function here."""
    return f"{datetime.now(UTC):%Y/%m/%d}/[$LATEST]{uuid.uuid4().hex}"


class LambdaContext:
    """The attributes and method of AWS Lambda's Python context object.

    Args:
        function_name: The function's name, e.g. `ourchat-local-sendMessage`.
        timeout_seconds: The time the invocation may take; `get_remaining_time_in_millis`
            counts down from it.
        clock: A monotonic clock in seconds, injectable for tests.
    """

    def __init__(
        self,
        function_name: str,
        timeout_seconds: float,
        memory_limit_in_mb: int = DEFAULT_MEMORY_MB,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{function_name}"
        self.memory_limit_in_mb = memory_limit_in_mb
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = _log_stream(function_name)
        self.identity = None
        self.client_context = None
        self._clock = clock
        self._deadline = clock() + timeout_seconds

    def get_remaining_time_in_millis(self) -> int:
        """Return the milliseconds left before the invocation times out (never negative)."""
        return max(0, int((self._deadline - self._clock()) * 1000))
