"""The shared shape of a message route: parse the frame, call one service, reply.

Each route module declares its request type and an operation; `message_route` turns the
operation into a Lambda handler that speaks the wire protocol (docs/protocol.md): every frame
gets exactly one reply, `{"action", "requestId", "ok": true, "data"}` or
`{"action", "requestId", "ok": false, "error": {"code", "message"}}`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec

from ourchat.bootstrap import Dependencies
from ourchat.domain.errors import ChatError, ErrorCode, Forbidden
from ourchat.handlers.function import LambdaFunction
from ourchat.handlers.logs import get_logger
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.protocol.declaring import Request, action_name
from ourchat.protocol.frames import (
    MAX_REQUEST_ID_CHARS,
    UNPAIRED_SURROGATE,
    has_unpaired_surrogate,
    read_envelope,
    valid_request_id,
)

logger = get_logger("ourchat.handlers")

TOO_DEEP = "the frame's JSON is nested too deeply"


R = TypeVar("R", bound=Request)


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sent the frame (from requestContext.authorizer only) and the ports to serve them."""

    user_id: str
    deps: Dependencies
    connection_id: str = ""
    """The connection the frame came on (API Gateway's requestContext.connectionId)."""

    @property
    def store(self) -> Store:
        """The store."""
        return self.deps.store

    @property
    def pusher(self) -> Pusher:
        """The pusher of the @connections API."""
        return self.deps.pusher

    @property
    def clock(self) -> Clock:
        """The clock."""
        return self.deps.clock


Operation = Callable[[R, Caller], Mapping[str, Any]]


def reply(action: Any, request_id: Any, payload: Mapping[str, Any]) -> dict[str, Any]:
    """Return the Lambda proxy result whose body API Gateway sends back on the socket."""
    frame = {"action": action, "requestId": request_id, **payload}
    return {"statusCode": 200, "body": msgspec.json.encode(frame).decode("utf-8")}


def error_payload(code: ErrorCode, message: str) -> dict[str, Any]:
    """Return the `ok: false` part of a reply."""
    return {"ok": False, "error": {"code": str(code), "message": message}}


def caller_id(request_context: Mapping[str, Any]) -> str:
    """Return the caller's user id, set by the $connect authorizer.

    Raises:
        Forbidden: The event carries no authorizer identity.
    """
    user_id = (request_context.get("authorizer") or {}).get("userId")
    if not isinstance(user_id, str) or not user_id:
        raise Forbidden("the connection has no authenticated identity")
    return user_id


def message_route(request_type: type[R]) -> Callable[[Operation[R]], LambdaFunction]:
    """Make the Lambda handler of an action out of an operation on its parsed request."""
    action = action_name(request_type)
    decoder = msgspec.json.Decoder(request_type)

    def decorate(operation: Operation[R]) -> LambdaFunction:
        def serve(event: dict[str, Any], context: Any, deps: Dependencies) -> dict[str, Any]:
            return _serve(event, action, decoder, operation, deps)

        return LambdaFunction(serve, operation.__doc__)

    return decorate


def _serve(
    event: Mapping[str, Any],
    action: str,
    decoder: msgspec.json.Decoder[R],
    operation: Operation[R],
    deps: Dependencies,
) -> dict[str, Any]:
    body = event.get("body") or ""
    request_id = read_envelope(body).request_id
    if request_id is not None and not valid_request_id(request_id):
        message = f"requestId must be text of at most {MAX_REQUEST_ID_CHARS} characters"
        return reply(action, None, error_payload(ErrorCode.BAD_REQUEST, message))
    try:
        request = decoder.decode(body)
    except msgspec.DecodeError as error:
        message = str(error)
        if not isinstance(error, msgspec.ValidationError) and has_unpaired_surrogate(body):
            message = UNPAIRED_SURROGATE  # msgspec calls it "truncated" or "malformed"
        return reply(action, request_id, error_payload(ErrorCode.BAD_REQUEST, message))
    except RecursionError:  # msgspec gives up on JSON nested deeper than Python's stack allows
        return reply(action, request_id, error_payload(ErrorCode.BAD_REQUEST, TOO_DEEP))
    try:
        context = event["requestContext"]
        caller = Caller(caller_id(context), deps, str(context.get("connectionId", "")))
        data = operation(request, caller)
    except ChatError as error:
        logger.info("request refused", extra={"code": str(error.code)})
        return reply(action, request_id, error_payload(error.code, error.message))
    except Exception:
        logger.exception("request failed")
        message = (
            "the server failed to complete the request; retry it "
            "(sends with a clientMessageId are safe to retry)"
        )
        return reply(action, request_id, error_payload(ErrorCode.INTERNAL, message))
    return reply(action, request_id, {"ok": True, "data": data})
