"""uvicorn's HTTP/1.1 protocol with bounds on the wait for a request head.

uvicorn (h11) waits for a request's line and headers without a time limit, so a client that
sends them slowly, or never, holds its connection for good; 200 such sockets were still open
after 65 s. This protocol answers 408 to a head that has not arrived within
`GatewayConfig.handshake_timeout_seconds`, 431 to one over 16 KiB, and 503 to a connection
that arrives while `max_pending_handshakes` others still wait for their first head. Every
answer ends the connection. Heads that are too long line by line are the WebSocket layer's
to refuse (`GatewayWebSocketProtocol`).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, ClassVar

from uvicorn.protocols.http.h11_impl import H11Protocol

from ourchat.gateway.config import MAX_REQUEST_HEAD_BYTES, GatewayConfig

_HEAD_END = b"\r\n\r\n"
# After a refusal the connection reads (and drops) what the client still sends for this
# long before closing: closing on unread data would reset the connection, and the client
# could lose the answer.
LINGER_SECONDS = 1.0


@dataclass(slots=True)
class HeadLimits:
    """The bounds of one server, and how many of its connections wait for a first head.

    Args:
        timeout_seconds: How long a connection may take to send a request head.
        max_pending: How many connections may wait for their first head at once.
    """

    timeout_seconds: float
    max_pending: int
    pending: int = 0

    @classmethod
    def of(cls, config: GatewayConfig) -> HeadLimits:
        """The limits a gateway's settings ask for."""
        return cls(config.handshake_timeout_seconds, config.max_pending_handshakes)


def http_error(status: HTTPStatus) -> bytes:
    """Return a whole HTTP response that refuses a request and closes the connection."""
    body = json.dumps({"message": status.phrase}).encode()
    head = (
        f"HTTP/1.1 {status.value} {status.phrase}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


def head_too_large(received: bytes) -> bool:
    """Tell whether the request head at the start of `received` is over 16 KiB."""
    end = received.find(_HEAD_END)
    return (end if end >= 0 else len(received)) > MAX_REQUEST_HEAD_BYTES


class GatewayHttpProtocol(H11Protocol):
    """uvicorn's h11 protocol, bounding the size of request heads and the wait for them.

    Use `bound_to(limits)`: uvicorn builds protocols from a class, so the limits of one
    server ride on a subclass of its own.
    """

    limits: ClassVar[HeadLimits]

    @classmethod
    def bound_to(cls, limits: HeadLimits) -> type[GatewayHttpProtocol]:
        """Return this protocol class with one server's limits."""
        return type("BoundGatewayHttpProtocol", (cls,), {"limits": limits})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._scope_before_head: object = None
        self._counted = False
        self._refused = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Refuse the connection when too many wait for a head; else start the head's clock."""
        super().connection_made(transport)
        if self.limits.pending >= self.limits.max_pending:
            self._refuse(HTTPStatus.SERVICE_UNAVAILABLE)
            return
        self.limits.pending += 1
        self._counted = True
        self._wait_for_head()

    def data_received(self, data: bytes) -> None:
        """Refuse a head over 16 KiB; stop the clock once a head has arrived."""
        if self._refused:
            return
        waiting = self._head_timer is not None
        if waiting and head_too_large(self.conn.trailing_data[0] + data):
            self._refuse(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)
            return
        super().data_received(data)
        # uvicorn builds a new scope for every request head it reads (and before an upgrade).
        if waiting and self.scope is not self._scope_before_head:
            self._head_arrived()

    def on_response_complete(self) -> None:
        """Give a kept-alive connection's next request head the same time limit."""
        super().on_response_complete()
        if not self.transport.is_closing():
            self._wait_for_head()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the clock and free the connection's place among the waiting."""
        self._head_arrived()
        super().connection_lost(exc)

    def _wait_for_head(self) -> None:
        self._scope_before_head = self.scope
        self._head_timer = self.loop.call_later(self.limits.timeout_seconds, self._time_out)

    def _head_arrived(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        if self._counted:
            self._counted = False
            self.limits.pending -= 1

    def _time_out(self) -> None:
        self._head_timer = None
        self._refuse(HTTPStatus.REQUEST_TIMEOUT)

    def _refuse(self, status: HTTPStatus) -> None:
        self._head_arrived()
        if self._refused or self.transport.is_closing():
            return
        self._refused = True
        self.transport.write(http_error(status))
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)
