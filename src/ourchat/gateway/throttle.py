"""A token bucket, the algorithm API Gateway throttles with."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class TokenBucket:
    """Allows `burst` requests at once and `rate` requests per second on average.

    Thread-safe, so one bucket may be shared by every connection of a gateway.

    Args:
        rate: Tokens added per second.
        burst: The bucket's size; it starts full.
        clock: A monotonic clock in seconds, injectable for tests.
    """

    def __init__(
        self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if not rate > 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self._rate = rate
        self._burst = float(burst)
        self._clock = clock
        self._tokens = float(burst)
        self._updated = clock()
        self._lock = threading.Lock()

    def try_take(self) -> bool:
        """Take one token if there is one; False means the request is throttled."""
        with self._lock:
            now = self._clock()
            elapsed = max(0.0, now - self._updated)
            self._tokens = min(self._burst, self._tokens + elapsed * self._rate)
            self._updated = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return True
            return False
