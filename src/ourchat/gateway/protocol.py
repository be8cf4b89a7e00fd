"""uvicorn's WebSocket protocol, reporting a dropped TCP connection as 1006."""

from __future__ import annotations

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

from ourchat.gateway.close_codes import ABNORMAL_CLOSURE


class GatewayWebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's websockets (sans-I/O) protocol with one change for $disconnect.

    uvicorn reports a connection that vanished without a close frame as 1005 (no status),
    the same as a close frame without a code. RFC 6455 reserves 1006 for exactly this case,
    and API Gateway's $disconnect tells the two apart, so this protocol reports 1006 first.
    """

    def connection_lost(self, exc: Exception | None) -> None:
        """Queue a 1006 disconnect when the peer left without a close frame.

        When the application or the protocol layer closed first, its own disconnect event is
        already queued ahead of this one, and the application reads only the first.
        """
        if self.handshake_complete and self.conn.close_rcvd is None:
            self.queue.put_nowait(
                {"type": "websocket.disconnect", "code": ABNORMAL_CLOSURE, "reason": ""}
            )
        super().connection_lost(exc)
