"""The same push and disconnect scenarios through the @connections API and InProcessPusher."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import anyio
import pytest

from ourchat.adapters.apigateway.connections_pusher import ConnectionsPusher, static_credentials
from ourchat.gateway import GatewayServer
from ourchat.gateway.inprocess_pusher import InProcessPusher
from ourchat.ports.pusher import Pusher
from tests.support.boto3_pusher import Boto3Pusher
from tests.support.gateway import (
    WAIT,
    client_url,
    connection_id_of,
    in_thread,
    management_client,
    open_client,
    recv_json,
    recv_text,
)
from tests.support.sample_handlers.recorder import RECORDER

pytestmark = pytest.mark.anyio

PusherFactory = Callable[[GatewayServer], Pusher]


def lean_pusher(server: GatewayServer) -> Pusher:
    key = server.gateway.management_key
    return ConnectionsPusher(
        server.management_url,
        "us-east-1",
        credentials=static_credentials(key.access_key_id, key.secret_access_key),
    )


PUSHERS: dict[str, PusherFactory] = {
    "management API": lambda server: Boto3Pusher(management_client(server)),
    "lean management API": lean_pusher,
    "in process": lambda server: InProcessPusher(server.gateway),
}
UNKNOWN = "Zm9vYmFyYmF6cXU="


@pytest.fixture(params=list(PUSHERS), ids=list(PUSHERS))
def pusher(request: pytest.FixtureRequest, server: GatewayServer) -> Iterator[Pusher]:
    factory: PusherFactory = PUSHERS[request.param]
    pusher = factory(server)
    yield pusher
    pusher.close()


async def test_delivers_to_every_live_connection(server: GatewayServer, pusher: Pusher) -> None:
    async with (
        open_client(client_url(server, "a")) as first,
        open_client(client_url(server, "b")) as second,
    ):
        ids = [await connection_id_of(first), await connection_id_of(second)]
        data = json.dumps({"event": "message.created", "data": {"content": "é"}}).encode()

        gone = await in_thread(lambda: pusher.send(ids, data))

        assert gone == []
        for ws in (first, second):
            assert await recv_json(ws) == {"event": "message.created", "data": {"content": "é"}}


async def test_reports_unknown_and_closed_connections_as_gone(
    server: GatewayServer, pusher: Pusher
) -> None:
    async with open_client(client_url(server, "closing")) as closing:
        closed_id = await connection_id_of(closing)
    await in_thread(lambda: RECORDER.wait_for_route(closed_id, "$disconnect"))
    async with open_client(client_url(server, "live")) as live:
        live_id = await connection_id_of(live)

        gone = await in_thread(lambda: pusher.send([UNKNOWN, live_id, closed_id], b"ping"))

        assert gone == [UNKNOWN, closed_id]
        assert await recv_text(live) == "ping"


async def test_an_oversized_push_is_neither_delivered_nor_gone(
    server: GatewayServer, pusher: Pusher
) -> None:
    async with open_client(client_url(server)) as ws:
        connection_id = await connection_id_of(ws)

        gone = await in_thread(lambda: pusher.send([connection_id], b"a" * 131_073))
        await in_thread(lambda: pusher.send([connection_id], b"after"))

        assert gone == []
        assert await recv_text(ws) == "after"


async def test_disconnect_closes_live_connections_normally_and_skips_gone_ones(
    server: GatewayServer, pusher: Pusher
) -> None:
    async with (
        open_client(client_url(server, "closed")) as closed,
        open_client(client_url(server, "kept")) as kept,
    ):
        closed_id = await connection_id_of(closed)

        await in_thread(lambda: pusher.disconnect([UNKNOWN, closed_id]))

        with anyio.fail_after(WAIT):
            await closed.wait_closed()
        assert closed.close_code == 1000
        await in_thread(lambda: RECORDER.wait_for_route(closed_id, "$disconnect"))
        # The other connection is untouched
        kept_id = await connection_id_of(kept)
        assert await in_thread(lambda: pusher.send([kept_id], b"still here")) == []
        assert await recv_text(kept) == "still here"
    assert getattr(pusher, "failures", []) == []
