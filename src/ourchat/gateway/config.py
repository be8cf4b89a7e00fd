"""Settings of the local gateway: the stage and the API Gateway limits it enforces."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_MESSAGE_BYTES = 128 * 1024
MANAGEMENT_MAX_POST_BYTES = 131_072
AUTHORIZER_MAX_RESULT_BYTES = 8 * 1024
MAX_REQUEST_HEAD_BYTES = 16 * 1024
"""The request line and headers of one request, together (h11's own buffer limit)."""


@dataclass(frozen=True, slots=True)
class GatewayConfig:
    """How the emulated WebSocket API stage behaves; AWS defaults unless noted.

    Args:
        stage: The stage name, the first segment of every URL path.
        idle_timeout_seconds: Close a connection (1001) when the client sends no frame for this
            long (AWS: 600).
        max_duration_seconds: Close every connection (1001) after this long (AWS: 7200).
        max_message_bytes: Close a connection (1009) that sends a larger message (AWS: 128 KiB).
        integration_timeout_seconds: Give up on a handler after this long (AWS: 29).
        static_dir: Serve `index.html` at `/` and the directory's files at `/static/`; None
            serves no site.
        throttle_rate_per_second: Steady message rate allowed per connection (token bucket);
            None turns message throttling off (the local default).
        throttle_burst: Bucket size; defaults to the rate rounded up (at least 1).
        connections_per_second: New connections accepted per second over the whole gateway
            (AWS: 500 per account and Region); None turns the quota off.
        max_workers: Handler invocations that may run at once (worker threads).
        handshake_timeout_seconds: Answer 408 and close a connection whose request head
            has not arrived this long after it opened (or after its last response).
        max_pending_handshakes: Connections that may wait for their first request head at
            once; more are answered 503 and closed.
    """

    stage: str = "dev"
    idle_timeout_seconds: float = 600
    max_duration_seconds: float = 7200
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES
    integration_timeout_seconds: float = 29
    static_dir: Path | None = None
    throttle_rate_per_second: float | None = None
    throttle_burst: int | None = None
    connections_per_second: float | None = None
    max_workers: int = 64
    handshake_timeout_seconds: float = 10
    max_pending_handshakes: int = 256

    def __post_init__(self) -> None:
        if not self.stage or "/" in self.stage or self.stage.startswith("@"):
            raise ValueError(f"stage must be one non-empty path segment, got {self.stage!r}")
        for name in (
            "idle_timeout_seconds",
            "max_duration_seconds",
            "integration_timeout_seconds",
            "handshake_timeout_seconds",
        ):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive")
        if self.max_message_bytes < 1:
            raise ValueError("max_message_bytes must be positive")
        if self.throttle_rate_per_second is not None and not self.throttle_rate_per_second > 0:
            raise ValueError("throttle_rate_per_second must be positive or None")
        if self.throttle_burst is not None and self.throttle_burst < 1:
            raise ValueError("throttle_burst must be at least 1 or None")
        if self.connections_per_second is not None and not self.connections_per_second > 0:
            raise ValueError("connections_per_second must be positive or None")
        if self.max_workers < 1:
            raise ValueError("max_workers must be at least 1")
        if self.max_pending_handshakes < 1:
            raise ValueError("max_pending_handshakes must be at least 1")

    @property
    def effective_throttle_burst(self) -> int:
        """The message bucket size: the configured burst, or the rate rounded up."""
        if self.throttle_burst is not None:
            return self.throttle_burst
        return max(1, math.ceil(self.throttle_rate_per_second or 1))
