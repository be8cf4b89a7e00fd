"""Route `$default`: frames that are not JSON or name no known action."""

from __future__ import annotations

from typing import Any

import msgspec

from ourchat.bootstrap import Dependencies
from ourchat.domain.errors import ErrorCode
from ourchat.handlers.function import lambda_function
from ourchat.handlers.logs import get_logger
from ourchat.handlers.shim import error_payload, reply
from ourchat.protocol.actions import CLIENT_ACTIONS
from ourchat.protocol.frames import MAX_REQUEST_ID_CHARS, Envelope

logger = get_logger("ourchat.handlers.default")


@lambda_function
def handler(event: dict[str, Any], context: Any, deps: Dependencies) -> dict[str, Any]:
    """Reply `bad_request` with the list of actions a client may use."""
    try:
        envelope = msgspec.json.decode(event.get("body") or "", type=Envelope)
    except (msgspec.DecodeError, RecursionError):
        envelope = Envelope()
    action = envelope.action if isinstance(envelope.action, str) else None
    request_id = envelope.request_id
    if not isinstance(request_id, str) or len(request_id) > MAX_REQUEST_ID_CHARS:
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
