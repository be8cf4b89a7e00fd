"""Route `$connect`: make sure the caller exists and record the connection."""

from __future__ import annotations

from typing import Any

from ourchat.composition import dependencies
from ourchat.domain.errors import ChatError
from ourchat.handlers.logs import bind_request, get_logger, unbind_request
from ourchat.handlers.shim import caller_id
from ourchat.services.connections import register_connection
from ourchat.services.users import ensure_user

logger = get_logger("ourchat.handlers.connect")


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Accept the connection (200), or refuse it (403 bad identity, 500 store failure)."""
    token = bind_request(event)
    try:
        request_context = event["requestContext"]
        user_id = caller_id(request_context)
        deps = dependencies()
        user_name = request_context["authorizer"].get("userName") or None
        ensure_user(deps.store, deps.clock, user_id=user_id, user_name=user_name)
        register_connection(
            deps.store, deps.clock, user_id=user_id, connection_id=request_context["connectionId"]
        )
    except ChatError as error:
        logger.warning("connection refused", extra={"code": str(error.code)})
        return {"statusCode": 403}
    except Exception:
        logger.exception("connection failed")
        return {"statusCode": 500}
    else:
        logger.info("connected")
        return {"statusCode": 200}
    finally:
        unbind_request(token)
