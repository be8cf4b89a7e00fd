"""One connection from its upgrade request to its $disconnect, which runs exactly once."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import datetime
from urllib.parse import parse_qsl

import anyio
from starlette.responses import Response
from starlette.websockets import WebSocket, WebSocketDisconnect

from ourchat.gateway.authorizer_call import Refused
from ourchat.gateway.close_codes import ABNORMAL_CLOSURE, INTERNAL_ERROR, REASON_PHRASES
from ourchat.gateway.config import GatewayConfig
from ourchat.gateway.connection import CloseReason, LiveConnection
from ourchat.gateway.dispatch import MessageDispatcher
from ourchat.gateway.error_frames import TOO_MANY_REQUESTS
from ourchat.gateway.events import UpgradeRequest, disconnect_event
from ourchat.gateway.handshake import Handshake
from ourchat.gateway.identifiers import aws_style_id
from ourchat.gateway.invoker import IntegrationError, Invoker, LoadedHandler
from ourchat.gateway.registry import ConnectionRegistry
from ourchat.gateway.session import ConnectionSession
from ourchat.gateway.throttle import TokenBucket

logger = logging.getLogger("ourchat.gateway")


def upgrade_request(websocket: WebSocket, stage: str, connected_at: datetime) -> UpgradeRequest:
    """Collect what the events of a connection need from its upgrade request."""
    scope = websocket.scope
    headers = tuple(
        (name.decode("latin-1"), value.decode("latin-1")) for name, value in scope["headers"]
    )
    query = tuple(
        parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    )
    client = scope.get("client")
    server = scope.get("server")
    host = websocket.headers.get("host")
    if host is None:
        host = f"{server[0]}:{server[1]}" if server else "127.0.0.1"
    return UpgradeRequest(
        connection_id=aws_style_id(),
        connected_at=connected_at,
        headers=headers,
        query=query,
        source_ip=client[0] if client else "127.0.0.1",
        user_agent=websocket.headers.get("user-agent", ""),
        domain_name=host,
        stage=stage,
    )


class ConnectionLifecycle:
    """Serves WebSocket upgrades: handshake, session, and $disconnect.

    Args:
        disconnect: The $disconnect route's handler, or None.
        connect_bucket: The gateway-wide quota of new connections, or None.
        now: The wall clock.
    """

    def __init__(
        self,
        config: GatewayConfig,
        invoker: Invoker,
        handshake: Handshake,
        dispatcher: MessageDispatcher,
        disconnect: LoadedHandler | None,
        registry: ConnectionRegistry,
        connect_bucket: TokenBucket | None,
        now: Callable[[], datetime],
    ) -> None:
        self._config = config
        self._invoker = invoker
        self._handshake = handshake
        self._dispatcher = dispatcher
        self._disconnect = disconnect
        self._registry = registry
        self._connect_bucket = connect_bucket
        self._now = now

    async def serve(self, websocket: WebSocket) -> None:
        """Serve one WebSocket upgrade request until the connection is over."""
        upgrade = upgrade_request(websocket, self._config.stage, self._now())
        if self._connect_bucket is not None and not self._connect_bucket.try_take():
            await _refuse(websocket, Refused(429, TOO_MANY_REQUESTS))
            return
        outcome = await self._handshake.admit(upgrade)
        if isinstance(outcome, Refused):
            await _refuse(websocket, outcome)
            return
        connection = LiveConnection(websocket, upgrade, outcome.authorizer)
        # What $disconnect reports if serving ends by cancellation (a forced server exit).
        close = CloseReason(ABNORMAL_CLOSURE, REASON_PHRASES[ABNORMAL_CLOSURE])
        try:
            close = await self._serve_accepted(websocket, connection, outcome.subprotocol)
        finally:
            with anyio.CancelScope(shield=True):
                await self._run_disconnect(connection, close)
                self._registry.remove(connection)
                connection.finished.set()

    async def _serve_accepted(
        self, websocket: WebSocket, connection: LiveConnection, subprotocol: str | None
    ) -> CloseReason:
        """Complete the handshake and run the session; return how the connection closed."""
        try:
            await websocket.accept(subprotocol)
        except (OSError, RuntimeError, WebSocketDisconnect):
            # The client left while the authorizer and $connect ran.
            connection.mark_closed()
            return CloseReason(ABNORMAL_CLOSURE, REASON_PHRASES[ABNORMAL_CLOSURE])
        self._registry.add(connection)
        bucket = None
        if self._config.throttle_rate_per_second is not None:
            bucket = TokenBucket(
                self._config.throttle_rate_per_second, self._config.effective_throttle_burst
            )
        session = ConnectionSession(websocket, connection, self._dispatcher, self._config, bucket)
        try:
            return await session.run()
        except Exception:
            logger.exception("a connection's session failed")  # its id stays out of the logs
            await connection.close(INTERNAL_ERROR, REASON_PHRASES[INTERNAL_ERROR])
            return CloseReason(INTERNAL_ERROR, REASON_PHRASES[INTERNAL_ERROR])

    async def _run_disconnect(self, connection: LiveConnection, close: CloseReason) -> None:
        if self._disconnect is None:
            return
        event = disconnect_event(
            connection.upgrade, self._now(), connection.authorizer, close.code, close.reason
        )
        with contextlib.suppress(IntegrationError):
            # The invoker has logged the failure; $disconnect results are ignored, as on AWS.
            await self._invoker.invoke(self._disconnect, event)


async def _refuse(websocket: WebSocket, refused: Refused) -> None:
    """Answer the upgrade request with an HTTP error instead of switching protocols."""
    media_type = "application/json" if refused.body is None else "text/plain"
    response = Response(refused.http_body(), status_code=refused.status, media_type=media_type)
    with contextlib.suppress(OSError, RuntimeError):
        await websocket.send_denial_response(response)
