"""Routes a client's frame to its handler and decides what, if anything, goes back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from ourchat.gateway.connection import LiveConnection
from ourchat.gateway.error_frames import (
    ENDPOINT_TIMED_OUT,
    FORBIDDEN,
    INTERNAL_SERVER_ERROR,
    error_frame,
)
from ourchat.gateway.events import message_event
from ourchat.gateway.identifiers import aws_style_id
from ourchat.gateway.invoker import (
    Binder,
    IntegrationError,
    IntegrationTimeout,
    Invoker,
    LoadedHandler,
    load_handler,
)
from ourchat.gateway.routing import select_route
from ourchat.routes import Route

FUNCTION_PREFIX = "ourchat-local-"


@dataclass(frozen=True, slots=True)
class BoundRoute:
    """A route of the manifest with its handler loaded."""

    key: str
    two_way: bool
    handler: LoadedHandler


def bind_routes(routes: Iterable[Route], bind: Binder | None = None) -> dict[str, BoundRoute]:
    """Load every route's handler, failing fast on a bad manifest.

    Args:
        bind: Applied to each imported handler (see `load_handler`).

    Raises:
        ValueError: Two routes share a key, or a handler path names no callable.
        ImportError: A handler module cannot be imported.
    """
    bound: dict[str, BoundRoute] = {}
    for route in routes:
        if route.key in bound:
            raise ValueError(f"duplicate route key {route.key!r}")
        handler = load_handler(route.handler, FUNCTION_PREFIX + route.name, bind)
        bound[route.key] = BoundRoute(route.key, route.two_way, handler)
    return bound


class MessageDispatcher:
    """Turns one client frame into a handler invocation and the frame to answer with.

    Args:
        routes: The bound routes by key.
        now: The wall clock for event timestamps.
    """

    def __init__(
        self,
        routes: Mapping[str, BoundRoute],
        invoker: Invoker,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._routes = routes
        self._invoker = invoker
        self._now = now

    async def dispatch(self, connection: LiveConnection, frame: str | bytes) -> str | None:
        """Run the frame's route and return the frame to send back, or None.

        Returns:
            The handler's `body` on a two-way route; an API Gateway error frame when no
            route takes the frame or the integration fails; None otherwise.
        """
        request_id = aws_style_id()
        connection_id = connection.connection_id
        key = select_route(frame, self._routes.keys())
        if key is None:
            return error_frame(FORBIDDEN, connection_id, request_id)
        route = self._routes[key]
        event = message_event(
            connection.upgrade, key, frame, self._now(), connection.authorizer, request_id
        )
        try:
            result = await self._invoker.invoke(route.handler, event)
        except IntegrationTimeout:
            return error_frame(ENDPOINT_TIMED_OUT, connection_id, request_id)
        except IntegrationError:
            return error_frame(INTERNAL_SERVER_ERROR, connection_id, request_id)
        if not route.two_way:
            return None
        body = result.get("body") if isinstance(result, dict) else None
        if not isinstance(result, dict) or not isinstance(body, str | None):
            return error_frame(INTERNAL_SERVER_ERROR, connection_id, request_id)
        return body
