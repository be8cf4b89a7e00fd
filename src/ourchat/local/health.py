"""`GET /healthz`: whether the local chat can serve, for process supervisors and containers.

The server answers as long as its event loop runs; what can fail under it is the store (a
DynamoDB-compatible endpoint gone, a database file lost). So the check makes one keyed read
of the store: 200 `{"status": "ok", "store": "reachable"}` when it returns (whatever it
finds), 503 `{"status": "unavailable", "store": "unreachable"}` when it fails or takes over
five seconds.
"""

from __future__ import annotations

import logging

import anyio
import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ourchat.ports.store import Store

logger = logging.getLogger("ourchat.local.health")

PROBE_USER_ID = "healthz:probe"
"""The user the check reads; nobody needs to exist under it."""
TIMEOUT_SECONDS = 5.0

HEALTHY = {"status": "ok", "store": "reachable"}
UNAVAILABLE = {"status": "unavailable", "store": "unreachable"}


def health_route(store: Store, timeout: float = TIMEOUT_SECONDS) -> Route:
    """Return the Starlette route of `GET /healthz` over a store."""

    async def healthz(_: Request) -> JSONResponse:
        try:
            with anyio.fail_after(timeout):
                await anyio.to_thread.run_sync(
                    store.get_user, PROBE_USER_ID, abandon_on_cancel=True
                )
        except Exception as error:  # any failure of the store means it cannot serve
            logger.warning("health check failed", extra={"error": type(error).__name__})
            return JSONResponse(UNAVAILABLE, status_code=503)
        return JSONResponse(HEALTHY)

    return Route("/healthz", healthz, methods=["GET"])
