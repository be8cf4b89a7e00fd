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

from ourchat.composition import Dependencies, dependencies
from ourchat.domain.errors import ChatError, ErrorCode, Forbidden
from ourchat.handlers.logs import bind_request, get_logger, unbind_request
from ourchat.ports.pusher import Pusher

logger = get_logger("ourchat.handlers")

MAX_REQUEST_ID_CHARS = 64
TOO_DEEP = "the frame's JSON is nested too deeply"
LambdaHandler = Callable[[dict[str, Any], Any], dict[str, Any]]


class Request(msgspec.Struct, rename="camel", frozen=True):
    """Base of route request bodies: fields in camelCase; unknown fields are ignored."""


class Envelope(msgspec.Struct, rename="camel", frozen=True):
    """The fields every frame may carry, whatever its route."""

    action: Any = None
    request_id: Any = None


R = TypeVar("R", bound=Request)


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sent the frame (from requestContext.authorizer only) and the ports to serve them."""

    user_id: str
    deps: Dependencies
    request_context: Mapping[str, Any]

    @property
    def pusher(self) -> Pusher:
        """The pusher for the API this frame came through."""
        return self.deps.pusher_for(self.request_context)


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


def message_route(action: str, request_type: type[R]) -> Callable[[Operation[R]], LambdaHandler]:
    """Make a Lambda handler for a two-way route out of an operation on a parsed request."""
    decoder = msgspec.json.Decoder(request_type)

    def decorate(operation: Operation[R]) -> LambdaHandler:
        def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
            token = bind_request(event)
            try:
                return _serve(event, action, decoder, operation)
            finally:
                unbind_request(token)

        handler.__doc__ = operation.__doc__
        return handler

    return decorate


def _serve(
    event: Mapping[str, Any],
    action: str,
    decoder: msgspec.json.Decoder[R],
    operation: Operation[R],
) -> dict[str, Any]:
    body = event.get("body") or ""
    try:
        request_id = msgspec.json.decode(body, type=Envelope).request_id
    except (msgspec.DecodeError, RecursionError):
        request_id = None
    if request_id is not None and (
        not isinstance(request_id, str) or len(request_id) > MAX_REQUEST_ID_CHARS
    ):
        message = f"requestId must be a string of at most {MAX_REQUEST_ID_CHARS} characters"
        return reply(action, None, error_payload(ErrorCode.BAD_REQUEST, message))
    try:
        request = decoder.decode(body)
    except msgspec.DecodeError as error:
        return reply(action, request_id, error_payload(ErrorCode.BAD_REQUEST, str(error)))
    except RecursionError:  # msgspec gives up on JSON nested deeper than Python's stack allows
        return reply(action, request_id, error_payload(ErrorCode.BAD_REQUEST, TOO_DEEP))
    try:
        context = event["requestContext"]
        caller = Caller(caller_id(context), dependencies(), context)
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
