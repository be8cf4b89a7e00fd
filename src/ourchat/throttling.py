"""Message throttling of the WebSocket stage, in one place for AWS and for the local gateway.

API Gateway throttles with a token bucket: `rate_per_second` tokens flow in, at most `burst`
are kept, and every client frame takes one. Over the limit, the frame never reaches a handler
and the client gets `{"message": "Too Many Requests", "connectionId": ..., "requestId": ...}`.

The two deployments apply the same numbers to different scopes:

* **AWS**: stage throttling (`DefaultRouteSettings` of the stage, or per route) is one bucket
  for the whole API, shared by every client together, under the account's own limit per
  Region. It cannot tell one client from another: a flooding client spends tokens the others
  then lack. `STAGE_LIMITS` sizes that shared bucket for `DESIGN_ACTIVE_CONNECTIONS` clients
  sending at `CONNECTION_LIMITS` each.
* **Local gateway** (`ourchat serve`): one bucket per connection, with `CONNECTION_LIMITS`.
  It is what the AWS stage bucket amounts to for one client when the others stay within their
  share, and it keeps a developer's flooding tab from starving the other tabs.

docs/security.md discusses what per-connection isolation on AWS would take.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ThrottleLimits:
    """A token bucket's settings.

    Args:
        rate_per_second: Frames allowed per second, on average.
        burst: Frames allowed at once (the bucket's size).
    """

    rate_per_second: float
    burst: int

    def __post_init__(self) -> None:
        if not self.rate_per_second > 0 or self.burst < 1:
            raise ValueError("rate_per_second must be positive and burst at least 1")


CONNECTION_LIMITS = ThrottleLimits(rate_per_second=10, burst=20)
"""What one connection may send: far above a person typing, low enough to stop a script."""

DESIGN_ACTIVE_CONNECTIONS = 100
"""Connections sending at their full rate at once that the AWS stage must absorb."""

STAGE_LIMITS = ThrottleLimits(
    rate_per_second=CONNECTION_LIMITS.rate_per_second * DESIGN_ACTIVE_CONNECTIONS,
    burst=CONNECTION_LIMITS.burst * DESIGN_ACTIVE_CONNECTIONS,
)
"""The AWS stage's default route throttling, over all clients together (1,000/s, burst 2,000)."""
