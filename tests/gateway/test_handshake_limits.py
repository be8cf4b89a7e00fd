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


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


def upgrade_request(target: str, extra_headers: bytes = b"") -> bytes:
    return (
        f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode()
        + UPGRADE_HEADERS
        + extra_headers
        + b"\r\n"
    )


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
    request_bytes: bytes, status: int
) -> None:
    with running_gateway() as server:
        response = await in_thread(lambda: send_and_answer(server, request_bytes))
        assert status_of(response) == status
        # The gateway still serves everyone else
        async with open_client(client_url(server)):
            pass


async def test_a_head_dribbled_past_16_kib_is_refused_with_431() -> None:
    def dribble(server: GatewayServer) -> bytes:
        with raw_socket(server) as sock:
            sock.sendall(b"GET /dev HTTP/1.1\r\n")
            for index in range(40):
                try:
                    sock.sendall(b"X-%d: %s\r\n" % (index, b"v" * 1000))
                except (BrokenPipeError, ConnectionResetError):
                    break
            return answer(sock)

    with running_gateway() as server:
        assert status_of(await in_thread(lambda: dribble(server))) == 431


@pytest.mark.parametrize(
    "partial",
    [
        pytest.param(b"GET /dev?token=good HTTP/1.1\r\nHost: 127.0.0.1\r\n", id="upgrade"),
        pytest.param(b"GET /static/chat.js HTTP/1.1\r\n", id="plain-http"),
        pytest.param(b"", id="nothing-at-all"),
    ],
)
async def test_a_request_head_that_does_not_arrive_in_time_gets_408(partial: bytes) -> None:
    config = GatewayConfig(handshake_timeout_seconds=HEAD_TIMEOUT)

    def stall(server: GatewayServer) -> bytes:
        with raw_socket(server) as sock:
            sock.sendall(partial)
            return answer(sock)

    with running_gateway(config) as server:
        with anyio.fail_after(WAIT):
            response = await in_thread(lambda: stall(server))
        assert status_of(response) == 408


async def test_a_complete_upgrade_is_not_cut_off_by_the_head_timeout() -> None:
    config = GatewayConfig(handshake_timeout_seconds=HEAD_TIMEOUT)
    with running_gateway(config) as server:
        async with open_client(client_url(server)) as ws:
            await anyio.sleep(HEAD_TIMEOUT * 1.5)  # past the timeout: nothing may close it
            await ws.send('{"action": "echo"}')
            assert await ws.recv()


async def test_over_the_cap_of_waiting_handshakes_a_connection_gets_503() -> None:
    cap = 5
    config = GatewayConfig(max_pending_handshakes=cap)
    with running_gateway(config) as server, ExitStack() as stack:
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
