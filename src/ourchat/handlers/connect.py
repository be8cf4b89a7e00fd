"""Route `$connect`: make sure the caller exists and record the connection."""

from __future__ import annotations

from typing import Any

from ourchat.bootstrap import Dependencies
from ourchat.domain.errors import ChatError, InternalError, TooManyConnections
from ourchat.handlers.function import lambda_function
from ourchat.handlers.logs import get_logger
from ourchat.handlers.shim import caller_id
from ourchat.services.connections import open_connection

logger = get_logger("ourchat.handlers.connect")
TOO_MANY_REQUESTS = 429


@lambda_function
def handler(event: dict[str, Any], context: Any, deps: Dependencies) -> dict[str, Any]:
    """Accept the connection (200), or refuse it (403 bad identity, 429 too many
    connections of this user, 500 store failure)."""
    try:
        request_context = event["requestContext"]
        user_id = caller_id(request_context)
        open_connection(
            deps.store,
            deps.clock,
            deps.pusher,
            user_id=user_id,
            user_name=request_context["authorizer"].get("userName") or None,
            connection_id=request_context["connectionId"],
            max_connections=deps.max_connections_per_user,
        )
    except TooManyConnections:
        logger.info("connection refused", extra={"reason": "too many connections"})
        return {"statusCode": TOO_MANY_REQUESTS}
    except Exception as error:
        # A refused identity is final (403); a store outage is not: 500 invites a retry.
        if isinstance(error, ChatError) and not isinstance(error, InternalError):
            logger.warning("connection refused", extra={"code": str(error.code)})
            return {"statusCode": 403}
        logger.exception("connection failed")
        return {"statusCode": 500}
    logger.info("connected")
    return {"statusCode": 200}
