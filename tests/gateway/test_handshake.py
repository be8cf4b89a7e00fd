"""The handshake: authorizer, identity sources, $connect, and the HTTP status a client sees."""

from __future__ import annotations

import uuid

import pytest
from websockets.typing import Subprotocol

from ourchat.gateway import GatewayConfig, GatewayServer
from tests.support.gateway import (
    client_url,
    in_thread,
    open_client,
    refused_status,
    running_gateway,
    whoami,
)
from tests.support.sample_handlers.recorder import RECORDER

pytestmark = pytest.mark.anyio


async def test_a_good_token_is_accepted_and_connect_sees_the_upgrade_request(
    server: GatewayServer,
) -> None:
    user = f"user-{uuid.uuid4()}"
    async with open_client(client_url(server, user), additional_headers={"X-Trace": "t1"}) as ws:
        connection_id = (await whoami(ws))["requestContext"]["connectionId"]

    event = await in_thread(lambda: RECORDER.wait_for_route(connection_id, "$connect"))
    assert event["queryStringParameters"] == {"token": "good", "user": user}
    assert event["multiValueQueryStringParameters"]["user"] == [user]
    # Header names arrive as uvicorn's websockets layer delivers them: lower case.
    assert event["headers"]["x-trace"] == "t1"
    assert event["multiValueHeaders"]["x-trace"] == ["t1"]
    assert event["requestContext"]["authorizer"]["userId"] == user


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("token=nope", 401),
        ("", 401),
        ("token=deny", 403),
        ("token=crash", 500),
        ("token=bigcontext", 500),
        ("token=nested", 500),
        ("token=good&connect_status=418", 418),
        ("token=good&connect_status=503", 503),
        ("token=good&connect_status=302", 500),
        ("token=good&connect_raise=1", 500),
    ],
)
async def test_refusals_reach_the_client_as_http_statuses(
    server: GatewayServer, query: str, status: int
) -> None:
    assert await refused_status(f"{server.ws_url}?{query}") == status


async def test_missing_identity_source_answers_401_without_asking_the_authorizer() -> None:
    sources = ["route.request.querystring.token", "route.request.header.X-Api-Key"]
    with running_gateway(identity_sources=sources) as server:
        assert await refused_status(client_url(server)) == 401
        headers = {"X-Api-Key": "k"}
        async with open_client(client_url(server), additional_headers=headers) as ws:
            assert (await whoami(ws))["requestContext"]["authorizer"]["userId"] == "alice"


async def test_a_refused_connect_gets_no_disconnect() -> None:
    marker = f"refused-{uuid.uuid4()}"
    with running_gateway() as server:
        assert await refused_status(f"{client_url(server, marker)}&connect_status=401") == 401

    def connect_of_marker() -> str:
        events = RECORDER.wait_for(
            lambda all_events: any(
                (e.get("queryStringParameters") or {}).get("user") == marker for e in all_events
            )
        )
        match = [e for e in events if (e.get("queryStringParameters") or {}).get("user") == marker]
        connection_id: str = match[0]["requestContext"]["connectionId"]
        return connection_id

    connection_id = await in_thread(connect_of_marker)
    assert RECORDER.events_of(connection_id, "$disconnect") == []


async def test_without_an_authorizer_events_carry_no_authorizer() -> None:
    with running_gateway(authorizer=None) as server:
        async with open_client(server.ws_url) as ws:
            context = (await whoami(ws))["requestContext"]
    assert "authorizer" not in context


async def test_new_connections_over_the_quota_get_429() -> None:
    with running_gateway(GatewayConfig(connections_per_second=0.5)) as server:
        async with open_client(client_url(server)) as ws:
            assert await refused_status(client_url(server, "bob")) == 429
            assert (await whoami(ws))["requestContext"]["authorizer"]["userId"] == "alice"


async def test_connect_can_choose_a_subprotocol(server: GatewayServer) -> None:
    url = client_url(server)
    async with open_client(
        url, subprotocols=[Subprotocol("chat.v2"), Subprotocol("chat.v1")]
    ) as ws:
        assert ws.subprotocol == "chat.v2"
        assert (await whoami(ws))["requestContext"]["routeKey"] == "whoami"
    async with open_client(url) as ws:
        assert ws.subprotocol is None
