"""A minimal asyncio HTTP/1.1 client: keep-alive connections, one request at a time each.

Only what the @connections API needs: a request written as bytes, and a response read with
its status, headers and body (`Content-Length`, chunked, or up to the close). An
`asyncio.Protocol` parses in `data_received`, so a response costs no task and no stream
reader; that is what makes a POST cheap enough to send thousands per fan-out.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Sequence
from dataclasses import dataclass

MAX_HEAD_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Response:
    """An HTTP response: status, headers (names lower case) and body."""

    status: int
    headers: dict[str, str]
    body: bytes


class ProtocolError(ConnectionError):
    """The server's response could not be parsed."""


class _ClientProtocol(asyncio.Protocol):
    """Reads one response at a time from a keep-alive connection."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self._buffer = bytearray()
        self._waiter: asyncio.Future[Response] | None = None
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._fail(ConnectionResetError("the server closed the connection"))

    def _fail(self, error: Exception) -> None:
        waiter, self._waiter = self._waiter, None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if waiter is not None and not waiter.done():
            waiter.set_exception(error)

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        waiter = self._waiter
        if waiter is None or waiter.done():
            return
        try:
            response = self._parse()
        except ProtocolError as error:
            self._fail(error)
            self.abort()
            return
        if response is not None:
            self._waiter = None
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            waiter.set_result(response)

    def expect(self, timeout: float) -> asyncio.Future[Response]:
        """Return the future of the next response; it fails with TimeoutError after `timeout`.

        One timer on the protocol instead of `asyncio.wait_for`, whose extra future and
        callbacks cost more than the rest of a small POST's client side.
        """
        loop = asyncio.get_running_loop()
        waiter = loop.create_future()
        self._waiter = waiter
        self._timer = loop.call_later(timeout, self._time_out)
        return waiter

    def _time_out(self) -> None:
        self._timer = None
        self._fail(TimeoutError("no response in time"))
        self.abort()

    def abort(self) -> None:
        """Drop the connection (after an error, its state is unknown)."""
        self.closed = True
        if self.transport is not None:
            self.transport.abort()

    def _parse(self) -> Response | None:
        buffer = self._buffer
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(buffer) > MAX_HEAD_BYTES:
                raise ProtocolError("response head too long")
            return None
        lines = bytes(buffer[:end]).decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
            raise ProtocolError(f"bad status line {lines[0][:80]!r}")
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        status = int(parts[1])
        start = end + 4
        if status in (204, 304) or 100 <= status < 200:
            body, used = b"", start
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parsed = _chunked(buffer, start)
            if parsed is None:
                return None
            body, used = parsed
        else:
            length = headers.get("content-length")
            if length is None or not length.isdigit():
                raise ProtocolError("a response without a length is not supported")
            used = start + int(length)
            if len(buffer) < used:
                return None
            body = bytes(buffer[start:used])
        del buffer[:used]
        if headers.get("connection", "").lower() == "close":
            self.closed = True
        return Response(status, headers, body)


def _chunked(buffer: bytearray, start: int) -> tuple[bytes, int] | None:
    """Decode a chunked body from `start`; None while it is incomplete."""
    body = bytearray()
    position = start
    while True:
        line_end = buffer.find(b"\r\n", position)
        if line_end < 0:
            return None
        size_text = bytes(buffer[position:line_end]).split(b";")[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError as error:
            raise ProtocolError("bad chunk size") from error
        position = line_end + 2
        if size == 0:
            trailer_end = buffer.find(b"\r\n\r\n", line_end)
            if trailer_end < 0:
                return None
            return bytes(body), trailer_end + 4
        if len(buffer) < position + size + 2:
            return None
        body += buffer[position : position + size]
        position += size + 2


class Http1Connection:
    """One keep-alive connection; `request` writes a request and awaits its response."""

    def __init__(self, protocol: _ClientProtocol) -> None:
        self._protocol = protocol

    @property
    def usable(self) -> bool:
        """False once the connection closed or failed."""
        return not self._protocol.closed

    async def request(self, parts: Sequence[bytes], timeout: float) -> Response:
        """Send a request (its head and body as `parts`) and return the response.

        Raises:
            ConnectionError: The connection broke or the response was malformed.
            TimeoutError: No complete response within `timeout` seconds.
        """
        protocol = self._protocol
        transport = protocol.transport
        if protocol.closed or transport is None or transport.is_closing():
            raise ConnectionResetError("the connection is closed")
        waiter = protocol.expect(timeout)
        transport.writelines(parts)
        try:
            return await waiter
        except BaseException:
            protocol.abort()
            raise

    def close(self) -> None:
        """Close the connection."""
        transport = self._protocol.transport
        self._protocol.closed = True
        if transport is not None:
            transport.close()


async def open_connection(
    host: str, port: int, tls: ssl.SSLContext | None, timeout: float
) -> Http1Connection:
    """Open a connection (TLS when `tls` is given) within `timeout` seconds.

    Raises:
        OSError: The connection failed.
        TimeoutError: It took too long.
    """
    loop = asyncio.get_running_loop()
    _, protocol = await asyncio.wait_for(
        loop.create_connection(
            _ClientProtocol, host, port, ssl=tls, server_hostname=host if tls else None
        ),
        timeout,
    )
    return Http1Connection(protocol)
