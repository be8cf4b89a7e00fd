"""uvicorn's HTTP/1.1 protocols, with bounds on the wait for a request head and @connections
requests answered from the parser callbacks.

Bounds on request heads (both protocols): uvicorn waits for a request's line and headers
without a time limit, so a client that sends them slowly, or never, holds its connection for
good; 200 such sockets were still open after 65 s. These protocols answer 408 to a head that
has not arrived within `GatewayConfig.handshake_timeout_seconds`, 431 to one over 16 KiB,
and 503 to a connection that arrives while `max_pending_handshakes` others still wait for
their first head. Every answer ends the connection. Heads that are too long line by line are
the WebSocket layer's to refuse (`GatewayWebSocketProtocol`).

@connections in the protocol (`GatewayHttpProtocol`, on httptools): every other request goes
through ASGI as uvicorn serves it. A management request is read by the parser callbacks and
answered by `ManagementApi.answer` with no ASGI task, receive and send: in the profile of a
fan-out over HTTP, uvicorn's per-request cycle (a task, two sends, their checks) cost as much
as everything the gateway itself does per POST. Pipelined requests, `Expect: 100-continue`
and an answer that must wait (a full socket) keep uvicorn's order: the first two take the
ASGI path, the last pauses reading until it is written. `GatewayH11Protocol` serves
everything through ASGI on h11, with the same bounds.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, ClassVar, Self

import httptools
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from ourchat.gateway.config import MANAGEMENT_MAX_POST_BYTES, MAX_REQUEST_HEAD_BYTES, GatewayConfig
from ourchat.gateway.management import Answer, ManagementApi
from ourchat.gateway.sigv4 import Arrived

MANAGEMENT_ATTRIBUTE = "ourchat_management"
"""The ASGI application's attribute that names its ManagementApi (see `Gateway.app`)."""

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


def head_too_large(received: bytes | bytearray) -> bool:
    """Tell whether the request head at the start of `received` is over 16 KiB."""
    end = received.find(_HEAD_END)
    return (end if end >= 0 else len(received)) > MAX_REQUEST_HEAD_BYTES


class _HeadBounds:
    """The clock and the count of connections waiting for a request head, for a protocol.

    A protocol class mixes this in before uvicorn's, starts the clock with `_wait_for_head`
    when a connection opens (`_admit`) and after each response, and stops it with
    `_head_arrived` once a head is in. Use `bound_to(limits)`: uvicorn builds protocols from
    a class, so the limits of one server ride on a subclass of its own.
    """

    limits: ClassVar[HeadLimits]
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport

    @classmethod
    def bound_to(cls, limits: HeadLimits) -> type[Self]:
        """Return this protocol class with one server's limits."""
        return type(f"Bound{cls.__name__}", (cls,), {"limits": limits})

    def _init_head_bounds(self) -> None:
        self._head_timer: asyncio.TimerHandle | None = None
        self._counted = False
        self._refused = False

    @property
    def _waiting_for_head(self) -> bool:
        return self._head_timer is not None

    def _admit(self) -> None:
        """Refuse a new connection when too many wait for a head; else start the clock."""
        if self.limits.pending >= self.limits.max_pending:
            self._refuse(HTTPStatus.SERVICE_UNAVAILABLE)
            return
        self.limits.pending += 1
        self._counted = True
        self._wait_for_head()

    def _wait_for_head(self) -> None:
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


class GatewayH11Protocol(_HeadBounds, H11Protocol):
    """uvicorn's h11 protocol, bounding the size of request heads and the wait for them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_head_bounds()
        self._scope_before_head: object = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Refuse the connection when too many wait for a head; else start the head's clock."""
        super().connection_made(transport)
        self._admit()

    def data_received(self, data: bytes) -> None:
        """Refuse a head over 16 KiB; stop the clock once a head has arrived."""
        if self._refused:
            return
        waiting = self._waiting_for_head
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
        super()._wait_for_head()


@dataclass
class _Request:
    """A management request between its headers and its last body byte."""

    method: str
    raw_path: str
    query: str
    headers: dict[str, str]
    keep_alive: bool
    early: Answer | None
    body: bytearray = field(default_factory=bytearray)
    too_large: bool = False


class GatewayHttpProtocol(_HeadBounds, HttpToolsProtocol):
    """uvicorn's HTTP protocol (httptools) with bounded request heads and the management API
    answered in place."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_head_bounds()
        # The parser keeps no head of its own to measure: count what arrived since the clock
        # started, keeping the last bytes to find a head's end split between two reads.
        self._head_count = 0
        self._head_tail = b""
        management = getattr(self.app, MANAGEMENT_ATTRIBUTE, None)
        self._management = management if isinstance(management, ManagementApi) else None
        self._request: _Request | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Refuse the connection when too many wait for a head; else start the head's clock."""
        super().connection_made(transport)
        self._admit()

    def data_received(self, data: bytes) -> None:
        """Refuse a head over 16 KiB, or feed the parser (which stops the clock on a head)."""
        if self._refused:
            return
        if self._waiting_for_head and self._head_over_limit(data):
            self._refuse(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)
            return
        super().data_received(data)

    def on_response_complete(self) -> None:
        """Give a kept-alive connection's next request head the same time limit."""
        super().on_response_complete()
        # A pipelined request whose head is already in may have started: its answer first.
        idle = self.cycle is None or self.cycle.response_complete
        if idle and not self.transport.is_closing() and not self._waiting_for_head:
            self._wait_for_head()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the clock and free the connection's place among the waiting."""
        self._head_arrived()
        super().connection_lost(exc)

    def _head_over_limit(self, data: bytes) -> bool:
        """Count `data` into the awaited head; tell whether the head is over 16 KiB."""
        tail = self._head_tail
        end = (tail + data[: len(_HEAD_END) - 1]).find(_HEAD_END) if tail else -1
        if end < 0:
            end = data.find(_HEAD_END)
            end = end if end < 0 else end + len(tail)
        if end >= 0:  # the head ends in this read
            return self._head_count - len(tail) + end > MAX_REQUEST_HEAD_BYTES
        self._head_count += len(data)
        self._head_tail = (tail + data)[-(len(_HEAD_END) - 1) :]
        return self._head_count > MAX_REQUEST_HEAD_BYTES

    def _wait_for_head(self) -> None:
        self._head_count, self._head_tail = 0, b""
        super()._wait_for_head()

    def on_headers_complete(self) -> None:
        """Stop the head's clock; take a management request, hand any other to uvicorn."""
        self._head_arrived()
        management = self._management
        busy = self.cycle is not None and not self.cycle.response_complete
        if (
            management is None
            or busy
            or self.pipeline
            or self.expect_100_continue
            or self.parser.should_upgrade()
        ):
            super().on_headers_complete()
            return
        parsed = httptools.parse_url(self.url)
        raw_path = parsed.path.decode("latin-1")
        if not raw_path.startswith(management.prefix):
            super().on_headers_complete()
            return
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in self.headers}
        method = self.parser.get_method().decode("ascii")
        self._request = _Request(
            method,
            raw_path,
            (parsed.query or b"").decode("latin-1"),
            headers,
            self.parser.should_keep_alive(),
            management.refuse_early(method, raw_path, headers),
        )

    def on_body(self, body: bytes) -> None:
        """Collect a management request's body (up to the POST limit), or pass it on."""
        request = self._request
        if request is None:
            super().on_body(body)
            return
        if len(request.body) + len(body) > MANAGEMENT_MAX_POST_BYTES:
            request.too_large = True
        elif not request.too_large:
            request.body += body

    def on_message_complete(self) -> None:
        """Answer a complete management request, or pass the event on."""
        request, self._request = self._request, None
        if request is None or self._management is None:
            super().on_message_complete()
            return
        answer: Any = request.early
        if answer is None:
            body = None if request.too_large else bytes(request.body)
            arrived = Arrived(
                request.method, request.raw_path, request.query, request.headers, body or b""
            )
            answer = self._management.answer(arrived, body)
        if isinstance(answer, Answer):
            self._write(answer, request.keep_alive)
            return
        # An answer that waits: no later request may be answered before it.
        self.flow.pause_reading()
        task = self.loop.create_task(self._write_later(answer, request.keep_alive))
        task.add_done_callback(self.tasks.discard)
        self.tasks.add(task)

    async def _write_later(self, pending: Any, keep_alive: bool) -> None:
        try:
            answer = await pending
        except asyncio.CancelledError:
            raise
        except Exception:
            answer = Answer(500, b'{"message":"Internal server error"}', "InternalServerError")
        self._write(answer, keep_alive)

    def _write(self, answer: Answer, keep_alive: bool) -> None:
        if self.transport.is_closing():
            return
        parts = [STATUS_LINE[answer.status]]
        for name, value in (*self.server_state.default_headers, *answer.headers()):
            parts += [name, b": ", value, b"\r\n"]
        if not keep_alive:
            parts.append(b"connection: close\r\n")
        parts += [b"\r\n", answer.body]
        self.transport.write(b"".join(parts))
        if keep_alive:
            self.on_response_complete()
        else:
            self.transport.close()
