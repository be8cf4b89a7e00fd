"""The handshake: the authorizer, then $connect, before the upgrade is answered."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ourchat.gateway.authorizer_call import (
    AUTHORIZER_FAILURE,
    UNAUTHORIZED,
    UNAUTHORIZED_MESSAGE,
    Allowed,
    Refused,
    evaluate,
    identity_sources_present,
)
from ourchat.gateway.error_frames import ENDPOINT_TIMED_OUT, INTERNAL_SERVER_ERROR
from ourchat.gateway.events import (
    AuthorizerContext,
    UpgradeRequest,
    authorizer_event,
    connect_event,
    method_arn,
)
from ourchat.gateway.invoker import (
    HandlerRaised,
    IntegrationError,
    IntegrationTimeout,
    Invoker,
    LoadedHandler,
)


@dataclass(frozen=True, slots=True)
class Admitted:
    """The handshake may complete.

    Args:
        authorizer: The connection's requestContext.authorizer, or None without an authorizer.
        subprotocol: The Sec-WebSocket-Protocol that $connect answered with, if any.
    """

    authorizer: AuthorizerContext | None
    subprotocol: str | None = None


class Handshake:
    """Decides whether an upgrade request becomes a connection.

    Args:
        authorizer: The REQUEST authorizer, or None for an open API.
        identity_sources: Values that must be present before the authorizer is called,
            e.g. `route.request.querystring.token`.
        connect: The $connect route's handler, or None when the API has no $connect route.
        now: The wall clock for event timestamps.
    """

    def __init__(
        self,
        invoker: Invoker,
        authorizer: LoadedHandler | None,
        identity_sources: Sequence[str],
        connect: LoadedHandler | None,
        now: Callable[[], datetime],
    ) -> None:
        self._invoker = invoker
        self._authorizer = authorizer
        self._identity_sources = tuple(identity_sources)
        self._connect = connect
        self._now = now

    async def admit(self, upgrade: UpgradeRequest) -> Admitted | Refused:
        """Run the authorizer and $connect; return the outcome of the handshake."""
        authorizer_context: AuthorizerContext | None = None
        if self._authorizer is not None:
            decision = await self._authorize(self._authorizer, upgrade)
            if isinstance(decision, Refused):
                return decision
            authorizer_context = decision.context
        if self._connect is None:
            return Admitted(authorizer_context)
        event = connect_event(upgrade, self._now(), authorizer_context)
        try:
            result = await self._invoker.invoke(self._connect, event)
        except IntegrationTimeout:
            return Refused(504, ENDPOINT_TIMED_OUT)
        except IntegrationError:
            return Refused(500, INTERNAL_SERVER_ERROR)
        refusal = _connect_refusal(result)
        if refusal is not None:
            return refusal
        return Admitted(authorizer_context, _subprotocol(result))

    async def _authorize(
        self, handler: LoadedHandler, upgrade: UpgradeRequest
    ) -> Allowed | Refused:
        if not identity_sources_present(self._identity_sources, upgrade):
            return UNAUTHORIZED
        try:
            result = await self._invoker.invoke(
                handler, authorizer_event(upgrade, self._now()), answer=UNAUTHORIZED_MESSAGE
            )
        except HandlerRaised as error:
            if error.error_message == UNAUTHORIZED_MESSAGE:
                return UNAUTHORIZED
            return AUTHORIZER_FAILURE
        except IntegrationError:
            return AUTHORIZER_FAILURE
        return evaluate(result, method_arn(upgrade.stage))


def _connect_refusal(result: Any) -> Refused | None:
    """Return the refusal a $connect result asks for, or None when it accepts.

    A 2xx statusCode accepts. A 4xx or 5xx refuses with that status, as API Gateway passes it
    on; anything else is a malformed integration response (500).
    """
    status = result.get("statusCode") if isinstance(result, dict) else None
    if not isinstance(status, int) or isinstance(status, bool):
        return Refused(500, INTERNAL_SERVER_ERROR)
    if 200 <= status < 300:
        return None
    if 400 <= status < 600:
        body = result.get("body")
        return Refused(status, "", body if isinstance(body, str) else "")
    return Refused(500, INTERNAL_SERVER_ERROR)


def _subprotocol(result: dict[str, Any]) -> str | None:
    """Return the Sec-WebSocket-Protocol header of an accepting $connect result, if any.

    API Gateway completes the handshake with the headers of the $connect response, which is how
    an API agrees on a subprotocol with its clients.
    """
    headers = result.get("headers")
    if not isinstance(headers, dict):
        return None
    for name, value in headers.items():
        if isinstance(name, str) and name.lower() == "sec-websocket-protocol":
            return value if isinstance(value, str) and value else None
    return None
