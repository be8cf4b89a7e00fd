"""Route `$default`: frames that are not JSON or name no known action."""

from __future__ import annotations

from typing import Any

from ourchat.bootstrap import Dependencies
from ourchat.domain.errors import ErrorCode
from ourchat.handlers.function import lambda_function
from ourchat.handlers.logs import get_logger
from ourchat.handlers.shim import error_payload, reply
from ourchat.protocol.actions import CLIENT_ACTIONS
from ourchat.protocol.frames import is_text, read_envelope, valid_request_id

logger = get_logger("ourchat.handlers.default")


@lambda_function
def handler(event: dict[str, Any], context: Any, deps: Dependencies) -> dict[str, Any]:
    """Reply `bad_request` with the list of actions a client may use."""
    envelope = read_envelope(event.get("body") or "")
    action = envelope.action if is_text(envelope.action) else None
    request_id = envelope.request_id
    if not valid_request_id(request_id):
        request_id = None  # only a valid requestId is echoed, as on every other route
    # The action is client text like any other field: only its size is logged above debug.
    size = None if action is None else len(action)
    logger.info("unroutable frame", extra={"action_chars": size})
    logger.debug("unroutable frame", extra={"action": action})
    if action is None:
        message = "the frame must be a JSON object with an `action` field"
    else:
        message = f"unknown action {action[:64]!r}"
    payload = error_payload(
        ErrorCode.BAD_REQUEST, f"{message}; actions: {', '.join(CLIENT_ACTIONS)}"
    )
    payload["error"]["actions"] = list(CLIENT_ACTIONS)
    return reply(action, request_id, payload)
