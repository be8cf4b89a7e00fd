"""Route `$disconnect`: forget the connection (best effort: it may never arrive)."""

from __future__ import annotations

from typing import Any

from ourchat.bootstrap import Dependencies
from ourchat.handlers.function import lambda_function
from ourchat.handlers.logs import get_logger
from ourchat.handlers.shim import caller_id
from ourchat.services.connections import unregister_connection

logger = get_logger("ourchat.handlers.disconnect")


@lambda_function
def handler(event: dict[str, Any], context: Any, deps: Dependencies) -> dict[str, Any]:
    """Remove the connection and its subscriptions; expiry covers a failure here."""
    try:
        request_context = event["requestContext"]
        unregister_connection(
            deps.store,
            deps.clock,
            deps.pusher,
            user_id=caller_id(request_context),
            connection_id=request_context["connectionId"],
        )
        logger.info(
            "disconnected",
            extra={
                "status_code": request_context.get("disconnectStatusCode"),
                "reason": request_context.get("disconnectReason"),
            },
        )
    except Exception:
        logger.exception("disconnect cleanup failed; the record will expire")
        return {"statusCode": 500}
    return {"statusCode": 200}
