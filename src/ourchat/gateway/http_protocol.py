"""uvicorn's httptools protocol, answering @connections requests from its parser callbacks.

Every other request goes through ASGI as uvicorn serves it. A management request is read by
the parser callbacks and answered by `ManagementApi.answer` with no ASGI task, receive and
send: in the profile of a fan-out over HTTP, uvicorn's per-request cycle (a task, two sends,
their checks) cost as much as everything the gateway itself does per POST. Pipelined
requests, `Expect: 100-continue` and an answer that must wait (a full socket) keep uvicorn's
order: the first two take the ASGI path, the last pauses reading until it is written.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from ourchat.gateway.config import MANAGEMENT_MAX_POST_BYTES
from ourchat.gateway.management import Answer, ManagementApi
from ourchat.gateway.sigv4 import Arrived

MANAGEMENT_ATTRIBUTE = "ourchat_management"
"""The ASGI application's attribute that names its ManagementApi (see `Gateway.app`)."""


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


class GatewayHttpProtocol(HttpToolsProtocol):
    """uvicorn's HTTP protocol (httptools) with the management API answered in place."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        management = getattr(self.app, MANAGEMENT_ATTRIBUTE, None)
        self._management = management if isinstance(management, ManagementApi) else None
        self._request: _Request | None = None

    def on_headers_complete(self) -> None:
        """Take a management request; hand any other to uvicorn."""
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
