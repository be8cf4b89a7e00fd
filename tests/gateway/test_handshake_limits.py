"""Upgrade requests that never end: oversized heads are answered, slow ones are cut off, and
only so many may wait at once. Raw sockets, since a well-behaved client cannot send these."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import anyio
import pytest

from ourchat.gateway import GatewayConfig, GatewayServer
from tests.support.gateway import WAIT, client_url, in_thread, open_client, running_gateway

pytestmark = pytest.mark.anyio

UPGRADE_HEADERS = (
    b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
    b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
)
# Short enough for a test, long enough for a loaded machine to send a request head in time.
HEAD_TIMEOUT = 1.0


@contextmanager
def raw_socket(server: GatewayServer) -> Iterator[socket.socket]:
    """A plain TCP connection to the server, whose reads give up after WAIT seconds."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=WAIT)
    try:
        yield sock
    finally:
        sock.close()


def answer(sock: socket.socket) -> bytes:
    """Read until the server closes the connection (or WAIT passes, which fails the test)."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def one_response(sock: socket.socket) -> bytes:
    """Read one response of a kept-alive connection: its head and its content-length body."""
    received = b""
    while b"\r\n\r\n" not in received:
        received += sock.recv(65536)
    head, _, body = received.partition(b"\r\n\r\n")
    lengths = [line for line in head.lower().split(b"\r\n") if line.startswith(b"content-length:")]
    length = int(lengths[0].split(b":")[1]) if lengths else 0
    while len(body) < length:
        body += sock.recv(65536)
    return head + b"\r\n\r\n" + body


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


def upgrade_request(target: str, extra_headers: bytes = b"") -> bytes:
    return (
        f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode()
        + UPGRADE_HEADERS
        + extra_headers
        + b"\r\n"
    )


@pytest.fixture(params=[True, False], ids=["httptools", "h11"])
def fast_http(request: pytest.FixtureRequest) -> bool:
    """Both of the gateway's HTTP protocols bound request heads alike."""
    value: bool = request.param
    return value


def send_and_answer(server: GatewayServer, request: bytes) -> bytes:
    with raw_socket(server) as sock:
        sock.sendall(request)
        return answer(sock)


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        pytest.param(upgrade_request("/dev?token=" + "t" * 9000), 414, id="request-line-of-9kb"),
        pytest.param(
            upgrade_request("/dev?token=good", b"X-Long: " + b"v" * 9000 + b"\r\n"),
            431,
            id="header-line-of-9kb",
        ),
        pytest.param(
            upgrade_request("/dev?token=good", b"".join(b"X-%d: v\r\n" % i for i in range(200))),
            431,
            id="200-headers",
        ),
        pytest.param(
            upgrade_request("/dev", b"".join(b"X-%d: %s\r\n" % (i, b"v" * 4000) for i in range(5))),
            431,
            id="head-of-20kb",
        ),
    ],
)
async def test_an_oversized_upgrade_request_is_answered_and_closed(
    request_bytes: bytes, status: int, fast_http: bool
) -> None:
    with running_gateway(fast_http=fast_http) as server:
        response = await in_thread(lambda: send_and_answer(server, request_bytes))
        assert status_of(response) == status
        # The gateway still serves everyone else
        async with open_client(client_url(server)):
            pass


async def test_a_head_dribbled_past_16_kib_is_refused_with_431(fast_http: bool) -> None:
    def dribble(server: GatewayServer) -> bytes:
        with raw_socket(server) as sock:
            sock.sendall(b"GET /dev HTTP/1.1\r\n")
            for index in range(40):
                try:
                    sock.sendall(b"X-%d: %s\r\n" % (index, b"v" * 1000))
                except (BrokenPipeError, ConnectionResetError):
                    break
            return answer(sock)

    with running_gateway(fast_http=fast_http) as server:
        assert status_of(await in_thread(lambda: dribble(server))) == 431


@pytest.mark.parametrize(
    "partial",
    [
        pytest.param(b"GET /dev?token=good HTTP/1.1\r\nHost: 127.0.0.1\r\n", id="upgrade"),
        pytest.param(b"GET /static/chat.js HTTP/1.1\r\n", id="plain-http"),
        pytest.param(b"", id="nothing-at-all"),
    ],
)
async def test_a_request_head_that_does_not_arrive_in_time_gets_408(
    partial: bytes, fast_http: bool
) -> None:
    config = GatewayConfig(handshake_timeout_seconds=HEAD_TIMEOUT)

    def stall(server: GatewayServer) -> bytes:
        with raw_socket(server) as sock:
            sock.sendall(partial)
            return answer(sock)

    with running_gateway(config, fast_http=fast_http) as server:
        with anyio.fail_after(WAIT):
            response = await in_thread(lambda: stall(server))
        assert status_of(response) == 408


async def test_a_complete_upgrade_is_not_cut_off_by_the_head_timeout(fast_http: bool) -> None:
    config = GatewayConfig(handshake_timeout_seconds=HEAD_TIMEOUT)
    with running_gateway(config, fast_http=fast_http) as server:
        async with open_client(client_url(server)) as ws:
            await anyio.sleep(HEAD_TIMEOUT * 1.5)  # past the timeout: nothing may close it
            await ws.send('{"action": "echo"}')
            assert await ws.recv()


async def test_over_the_cap_of_waiting_handshakes_a_connection_gets_503(fast_http: bool) -> None:
    cap = 5
    config = GatewayConfig(max_pending_handshakes=cap)
    with running_gateway(config, fast_http=fast_http) as server, ExitStack() as stack:
        # Given `cap` connections that sent only part of their request head
        waiting = [stack.enter_context(raw_socket(server)) for _ in range(cap)]
        for sock in waiting:
            sock.sendall(b"GET /dev HTTP/1.1\r\n")
        # When one more connects, it is refused at once
        response = await in_thread(lambda: send_and_answer(server, upgrade_request("/dev")))
        assert status_of(response) == 503
        # Then, once the waiting ones leave, connections are served again
        for sock in waiting:
            sock.close()
        with anyio.fail_after(WAIT):
            while True:
                try:
                    async with open_client(client_url(server)):
                        break
                except Exception:  # the gateway frees the slots as it sees the closes
                    await anyio.sleep(0.05)


@pytest.mark.parametrize("piece", [1, 3, 5], ids=lambda n: f"{n}-byte-reads")
async def test_a_head_under_16_kib_in_small_reads_is_served(piece: int, fast_http: bool) -> None:
    # Reads that split the head's end (CRLF CRLF) anywhere must neither refuse nor stall it.
    headers = b"".join(b"X-%d: %s\r\n" % (i, b"v" * 3000) for i in range(5))  # ~15 KiB

    def upgrade_in_pieces(server: GatewayServer) -> bytes:
        request = upgrade_request("/dev?token=good", headers)
        with raw_socket(server) as sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            head, tail = request[:-40], request[-40:]
            sock.sendall(head)
            for start in range(0, len(tail), piece):
                sock.sendall(tail[start : start + piece])
            return sock.recv(65536)

    with running_gateway(fast_http=fast_http) as server:
        assert status_of(await in_thread(lambda: upgrade_in_pieces(server))) == 101


async def test_kept_alive_management_requests_each_get_the_head_timeout(fast_http: bool) -> None:
    config = GatewayConfig(handshake_timeout_seconds=HEAD_TIMEOUT)
    request = b"GET /dev/@connections/Zm9vYmFyYmF6cXU= HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

    def two_requests_then_silence(server: GatewayServer) -> list[int]:
        with raw_socket(server) as sock:
            statuses = []
            for _ in range(2):
                sock.sendall(request)
                statuses.append(status_of(one_response(sock)))
            sock.sendall(b"GET /dev/@conn")  # a third head that never ends
            statuses.append(status_of(answer(sock)))
            return statuses

    with running_gateway(config, fast_http=fast_http) as server:
        with anyio.fail_after(WAIT):
            # Unsigned: 403 from the management API, then 408 for the head that stalled
            assert await in_thread(lambda: two_requests_then_silence(server)) == [403, 403, 408]
