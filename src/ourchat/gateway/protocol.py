"""uvicorn's WebSocket protocol, reporting a dropped TCP connection as 1006."""

from __future__ import annotations

from uvicorn._types import ASGISendEvent
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

from ourchat.gateway.close_codes import ABNORMAL_CLOSURE


class GatewayWebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's websockets (sans-I/O) protocol with three changes.

    uvicorn reports a connection that vanished without a close frame as 1005 (no status),
    the same as a close frame without a code. RFC 6455 reserves 1006 for exactly this case,
    and API Gateway's $disconnect tells the two apart, so this protocol reports 1006 first.

    A refused handshake (a denial response) counts as complete, so uvicorn does not log
    an ERROR ("ASGI callable returned without completing handshake") for every refusal.

    When websockets cannot read the upgrade request (a line over 8 KiB, more than 128
    headers), it prepares a 414 or 431 answer that uvicorn never sends, and the client waited
    forever; this protocol sends it and closes the connection.
    """

    async def send(self, message: ASGISendEvent) -> None:
        """Send as uvicorn does; a denial response's last body part completes the handshake."""
        await super().send(message)
        if message["type"] == "websocket.http.response.body" and not message.get("more_body"):
            self.handshake_complete = True

    def data_received(self, data: bytes) -> None:
        """Feed the data to websockets; send its refusal of an unreadable upgrade request."""
        super().data_received(data)
        if self.conn.handshake_exc is not None and not self.handshake_initiated:
            self.transport.write(b"".join(self.conn.data_to_send()))
            self.transport.close()

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
