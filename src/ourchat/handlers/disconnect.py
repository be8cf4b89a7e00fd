"""Route `$disconnect`: forget the connection (best effort: it may never arrive)."""

from __future__ import annotations

from typing import Any

from ourchat.composition import dependencies
from ourchat.handlers.logs import bind_request, get_logger, unbind_request
from ourchat.handlers.shim import caller_id
from ourchat.services.connections import unregister_connection

logger = get_logger("ourchat.handlers.disconnect")


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Remove the connection and its subscriptions; expiry covers a failure here."""
    token = bind_request(event)
    try:
        request_context = event["requestContext"]
        unregister_connection(
            dependencies().store,
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
    else:
        return {"statusCode": 200}
    finally:
        unbind_request(token)
