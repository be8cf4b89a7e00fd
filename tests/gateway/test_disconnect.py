"""$disconnect runs exactly once for every kind of close, with its code and reason."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import pytest
from websockets.asyncio.client import ClientConnection

from ourchat.gateway import GatewayConfig, GatewayServer
from tests.support.gateway import (
    client_url,
    closed_with,
    connection_id_of,
    in_thread,
    management_client,
    open_client,
    running_gateway,
)
from tests.support.sample_handlers.recorder import RECORDER

pytestmark = pytest.mark.anyio

Closer = Callable[[GatewayServer, ClientConnection, str], Awaitable[tuple[int | None, str | None]]]


async def client_closes(
    server: GatewayServer, ws: ClientConnection, connection_id: str
) -> tuple[int | None, str | None]:
    await ws.close(code=4000, reason="bye")
    return ws.close_code, ws.close_reason


async def client_closes_without_status(
    server: GatewayServer, ws: ClientConnection, connection_id: str
) -> tuple[int | None, str | None]:
    await ws.close(code=1000)
    return ws.close_code, ws.close_reason


async def client_drops_tcp(
    server: GatewayServer, ws: ClientConnection, connection_id: str
) -> tuple[int | None, str | None]:
    ws.transport.abort()  # no close frame: the peer just vanishes
    return None, None


async def management_deletes(
    server: GatewayServer, ws: ClientConnection, connection_id: str
) -> tuple[int | None, str | None]:
    client = management_client(server)
    await in_thread(lambda: client.delete_connection(ConnectionId=connection_id))
    return await closed_with(ws)


async def message_too_big(
    server: GatewayServer, ws: ClientConnection, connection_id: str
) -> tuple[int | None, str | None]:
    await ws.send("x" * 2049)
    return await closed_with(ws)


async def timer_expires(
    server: GatewayServer, ws: ClientConnection, connection_id: str
) -> tuple[int | None, str | None]:
    started = time.monotonic()
    closed = await closed_with(ws)
    assert time.monotonic() - started > 0.5
    return closed


async def server_stops(
    server: GatewayServer, ws: ClientConnection, connection_id: str
) -> tuple[int | None, str | None]:
    await in_thread(server.stop)
    return await closed_with(ws)


@dataclass(frozen=True)
class Scenario:
    name: str
    close: Closer
    client_sees: tuple[int | None, str | None]
    disconnect: tuple[int, str]
    config: GatewayConfig = field(default_factory=GatewayConfig)


SCENARIOS = [
    Scenario("client close", client_closes, (4000, "bye"), (4000, "bye")),
    Scenario(
        "client close without reason",
        client_closes_without_status,
        (1000, ""),
        (1000, "Connection Closed Normally"),
    ),
    Scenario(
        "abrupt TCP drop",
        client_drops_tcp,
        (None, None),
        (1006, "Connection was closed abnormally"),
    ),
    Scenario(
        "management DELETE",
        management_deletes,
        (1000, "Connection Closed Normally"),
        (1000, "Connection Closed Normally"),
    ),
    Scenario(
        "oversized message",
        message_too_big,
        (1009, None),
        (1009, "Message too big"),
        GatewayConfig(max_message_bytes=2048),
    ),
    Scenario(
        "idle timeout",
        timer_expires,
        (1001, "Going away"),
        (1001, "Going away"),
        GatewayConfig(idle_timeout_seconds=1),
    ),
    Scenario(
        "maximum duration",
        timer_expires,
        (1001, "Going away"),
        (1001, "Going away"),
        GatewayConfig(max_duration_seconds=1),
    ),
    Scenario("server stop", server_stops, (1001, "Going away"), (1001, "Going away")),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
async def test_disconnect_runs_exactly_once_with_the_close_code(scenario: Scenario) -> None:
    with running_gateway(scenario.config) as server:
        async with open_client(client_url(server)) as ws:
            connection_id = await connection_id_of(ws)
            seen = await scenario.close(server, ws, connection_id)
        await in_thread(lambda: RECORDER.wait_for_route(connection_id, "$disconnect"))
    # The server has stopped, so every session is over: a second $disconnect would be here.

    code, reason = scenario.client_sees
    assert seen[0] == code
    if reason is not None:
        assert seen[1] == reason
    events = RECORDER.events_of(connection_id, "$disconnect")
    assert len(events) == 1
    context = events[0]["requestContext"]
    assert (context["disconnectStatusCode"], context["disconnectReason"]) == scenario.disconnect
    assert context["authorizer"]["userId"] == "alice"


async def test_several_connections_each_get_their_own_disconnect() -> None:
    with running_gateway() as server:
        async with (
            open_client(client_url(server, "a")) as first,
            open_client(client_url(server, "b")) as second,
        ):
            ids = [await connection_id_of(first), await connection_id_of(second)]
        await in_thread(lambda: [RECORDER.wait_for_route(cid, "$disconnect") for cid in ids])

    assert [len(RECORDER.events_of(cid, "$disconnect")) for cid in ids] == [1, 1]
    assert server.gateway.connection_count == 0
