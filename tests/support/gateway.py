"""Helpers of the gateway tests: the sample manifest, a running server, and bounded waits."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import anyio.to_thread
import boto3
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from ourchat.gateway import Gateway, GatewayConfig, GatewayServer
from ourchat.gateway.sigv4 import AccessKey
from ourchat.routes import Route
from tests.support import sample_handlers

if TYPE_CHECKING:
    from mypy_boto3_apigatewaymanagementapi import ApiGatewayManagementApiClient

SAMPLES = sample_handlers.__name__
AUTHORIZER = f"{SAMPLES}.authorizer.handler"
WAIT = 5.0
"""The bound on every wait of these tests, in seconds."""
SAMPLE_KEY = AccessKey("AKIASAMPLEGATEWAY000", "sample-gateway-secret")
"""The @connections key of the sample gateway (the sample push handler signs with it)."""

T = TypeVar("T")


def sample_routes(*, with_default: bool = True) -> list[Route]:
    """Return the sample manifest: lifecycle routes, two-way and one-way routes, failures."""
    routes = [
        Route("$connect", f"{SAMPLES}.connect", two_way=False),
        Route("$disconnect", f"{SAMPLES}.disconnect", two_way=False),
        Route("echo", f"{SAMPLES}.echo"),
        Route("whoami", f"{SAMPLES}.whoami"),
        Route("note", f"{SAMPLES}.note", two_way=False),
        Route("fail", f"{SAMPLES}.fail"),
        Route("bad", f"{SAMPLES}.bad_result"),
        Route("slow", f"{SAMPLES}.slow"),
        Route("push", f"{SAMPLES}.push"),
        Route("7", f"{SAMPLES}.whoami"),
        Route("true", f"{SAMPLES}.whoami"),
    ]
    if with_default:
        routes.append(Route("$default", f"{SAMPLES}.whoami"))
    return routes


@contextmanager
def running_gateway(
    config: GatewayConfig | None = None,
    routes: Sequence[Route] | None = None,
    authorizer: str | None = AUTHORIZER,
    identity_sources: Sequence[str] = (),
    fast_http: bool = True,
) -> Iterator[GatewayServer]:
    """Run a gateway of the sample manifest on 127.0.0.1 and a free port.

    Args:
        fast_http: False serves @connections through ASGI (on h11), not in the protocol.
    """
    gateway = Gateway(
        sample_routes() if routes is None else routes,
        authorizer,
        config or GatewayConfig(),
        identity_sources=identity_sources,
        management_key=SAMPLE_KEY,
    )
    with GatewayServer(gateway, fast_http=fast_http) as server:
        yield server


def client_url(server: GatewayServer, user: str = "alice", token: str = "good") -> str:
    """Return the stage URL with a token the sample authorizer accepts."""
    return f"{server.ws_url}?token={token}&user={user}"


def open_client(url: str, **options: Any) -> connect:
    """Return a websockets connect() whose handshake and close are bounded."""
    return connect(url, open_timeout=WAIT, close_timeout=WAIT, **options)


async def recv_text(ws: ClientConnection) -> str:
    """Receive one text frame within the bound."""
    with anyio.fail_after(WAIT):
        frame = await ws.recv()
    assert isinstance(frame, str), frame
    return frame


async def recv_json(ws: ClientConnection) -> Any:
    """Receive one text frame within the bound and parse it as JSON."""
    return json.loads(await recv_text(ws))


async def ask(ws: ClientConnection, frame: dict[str, Any] | str) -> Any:
    """Send a frame and return the parsed reply."""
    await ws.send(frame if isinstance(frame, str) else json.dumps(frame))
    return await recv_json(ws)


async def whoami(ws: ClientConnection) -> dict[str, Any]:
    """Return the MESSAGE event the connection's next frame produces."""
    reply = await ask(ws, {"action": "whoami"})
    event: dict[str, Any] = reply["event"]
    return event


async def connection_id_of(ws: ClientConnection) -> str:
    """Return the gateway's id of a client connection."""
    connection_id: str = (await whoami(ws))["requestContext"]["connectionId"]
    return connection_id


async def refused_status(url: str) -> int:
    """Attempt a connection that must be refused; return the HTTP status of the refusal."""
    try:
        async with open_client(url):
            pass
    except InvalidStatus as refusal:
        return refusal.response.status_code
    raise AssertionError("the connection was accepted")


async def closed_with(ws: ClientConnection) -> tuple[int | None, str | None]:
    """Wait for the server to close the connection; return the close code and reason."""
    with anyio.fail_after(WAIT):
        try:
            while True:
                await ws.recv()
        except ConnectionClosed:
            pass
        await ws.wait_closed()
    return ws.close_code, ws.close_reason


async def in_thread(function: Callable[[], T]) -> T:
    """Run a blocking call (boto3, the recorder) off the test's event loop."""
    return await anyio.to_thread.run_sync(function)


def management_client(
    server: GatewayServer, key: AccessKey | None = None
) -> ApiGatewayManagementApiClient:
    """Return boto3's own @connections client for the local gateway, signing with its key."""
    key = key or server.gateway.management_key
    return boto3.client(
        "apigatewaymanagementapi",
        endpoint_url=server.management_url,
        region_name="us-east-1",
        aws_access_key_id=key.access_key_id,
        aws_secret_access_key=key.secret_access_key,
    )
