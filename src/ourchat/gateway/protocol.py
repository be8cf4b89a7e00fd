"""uvicorn's WebSocket protocol, reporting a dropped TCP connection as 1006, with a fast send."""

from __future__ import annotations

from typing import Any

from uvicorn._types import ASGISendEvent
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import Frame, Opcode
from websockets.protocol import State

from ourchat.gateway.close_codes import ABNORMAL_CLOSURE

SCOPE_KEY = "ourchat.protocol"
"""The scope key under which a connection's protocol offers `write_text_now`."""


def serialize_text(data: bytes) -> bytes:
    """A server's text frame as bytes on the wire: unmasked, unfragmented, uncompressed.

    The same bytes go to every recipient of a fan-out, so a frame is serialized once.
    """
    return Frame(Opcode.TEXT, data).serialize(mask=False, extensions=[])


class GatewayWebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's websockets (sans-I/O) protocol with four changes.

    uvicorn reports a connection that vanished without a close frame as 1005 (no status),
    the same as a close frame without a code. RFC 6455 reserves 1006 for exactly this case,
    and API Gateway's $disconnect tells the two apart, so this protocol reports 1006 first.

    A refused handshake (a denial response) counts as complete, so uvicorn does not log
    an ERROR ("ASGI callable returned without completing handshake") for every refusal.

    When websockets cannot read the upgrade request (a line over 8 KiB, more than 128
    headers), it prepares a 414 or 431 answer that uvicorn never sends, and the client waited
    forever; this protocol sends it and closes the connection.

    It also offers `write_text_now`, a synchronous send for the gateway's fan-outs: writing
    a ready-made frame to the transport costs a few microseconds, where an ASGI send costs
    an await chain through the framework and a serialization per connection.
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

    def handle_connect(self, event: Any) -> None:
        """Accept as uvicorn does, and tell the application where the fast send is."""
        super().handle_connect(event)
        scope: Any = getattr(self, "scope", None)
        if scope is not None:
            scope[SCOPE_KEY] = self

    def write_text_now(self, data: bytes, serialized: bytes) -> bool:
        """Write a text frame now if the connection is open and its buffer has room.

        Args:
            data: The frame's UTF-8 payload.
            serialized: `serialize_text(data)`, shared by the recipients of a fan-out.

        Returns:
            False when the frame must go the slow way (not open yet or any more, a full
            write buffer): the caller then awaits an ordinary send, which waits for room.
        """
        transport = self.transport
        if (
            not self.handshake_complete
            or self.initial_response is not None
            or self.close_sent
            or not self.writable.is_set()
            or transport.is_closing()
            or self.conn.state is not State.OPEN
            or self.conn.expect_continuation_frame
        ):
            return False
        if self.conn.extensions:  # permessage-deflate was negotiated: its encoder frames it
            self.conn.send_text(data)
            transport.write(b"".join(self.conn.data_to_send()))
        else:
            transport.write(serialized)
        return True

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
