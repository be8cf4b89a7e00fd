"""Messages: routing, replies, error frames, event shapes and ordering, over real sockets."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest

from ourchat.gateway import GatewayConfig, GatewayServer
from tests.support.gateway import (
    ask,
    client_url,
    connection_id_of,
    in_thread,
    open_client,
    recv_json,
    recv_text,
    running_gateway,
    sample_routes,
    whoami,
)
from tests.support.sample_handlers import slow
from tests.support.sample_handlers.recorder import RECORDER

pytestmark = pytest.mark.anyio

ID = re.compile(r"[A-Za-z0-9_-]{15}=")
REQUEST_TIME = re.compile(r"\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} \+0000")
CONTEXT_TYPES: dict[str, type] = {
    "routeKey": str,
    "eventType": str,
    "connectionId": str,
    "connectedAt": int,
    "requestId": str,
    "extendedRequestId": str,
    "requestTime": str,
    "requestTimeEpoch": int,
    "domainName": str,
    "stage": str,
    "apiId": str,
    "messageDirection": str,
    "identity": dict,
    "authorizer": dict,
}


def assert_request_context(context: dict[str, Any], server: GatewayServer) -> None:
    for field, kind in CONTEXT_TYPES.items():
        assert isinstance(context[field], kind), field
    assert ID.fullmatch(context["connectionId"])
    assert ID.fullmatch(context["requestId"])
    assert REQUEST_TIME.fullmatch(context["requestTime"])
    assert context["requestTimeEpoch"] >= context["connectedAt"] > 1_700_000_000_000
    assert context["domainName"] == f"127.0.0.1:{server.port}"
    assert context["stage"] == "dev"
    assert context["apiId"] == "local"
    assert context["messageDirection"] == "IN"
    assert context["identity"]["sourceIp"] == "127.0.0.1"
    assert context["identity"]["userAgent"].startswith("Python/")


async def test_every_event_type_has_api_gateways_request_context(server: GatewayServer) -> None:
    async with open_client(client_url(server, "carol")) as ws:
        reply = await ask(ws, {"action": "whoami"})
        connection_id = reply["event"]["requestContext"]["connectionId"]
    message = reply["event"]
    connect = await in_thread(lambda: RECORDER.wait_for_route(connection_id, "$connect"))
    disconnect = await in_thread(lambda: RECORDER.wait_for_route(connection_id, "$disconnect"))

    for event, route, kind in [
        (connect, "$connect", "CONNECT"),
        (message, "whoami", "MESSAGE"),
        (disconnect, "$disconnect", "DISCONNECT"),
    ]:
        context = event["requestContext"]
        assert_request_context(context, server)
        assert (context["routeKey"], context["eventType"]) == (route, kind)
        assert context["connectionId"] == connection_id
        assert context["authorizer"] == {
            "principalId": "principal-carol",
            "userId": "carol",
            "plan": "pro",
            "level": 3,
            "admin": False,
        }
    assert ID.fullmatch(message["requestContext"]["messageId"])
    assert (message["body"], message["isBase64Encoded"]) == ('{"action": "whoami"}', False)
    assert "messageId" not in connect["requestContext"]
    assert connect["requestContext"]["connectedAt"] == message["requestContext"]["connectedAt"]
    assert isinstance(disconnect["requestContext"]["disconnectStatusCode"], int)
    assert isinstance(disconnect["requestContext"]["disconnectReason"], str)


async def test_handlers_get_a_lambda_context(server: GatewayServer) -> None:
    async with open_client(client_url(server)) as ws:
        context = (await ask(ws, {"action": "whoami"}))["context"]

    assert context["function_name"] == "ourchat-local-whoami"
    assert 28_000 < context["remaining_ms"] <= 29_000


async def test_two_way_routes_answer_and_one_way_routes_stay_silent(server: GatewayServer) -> None:
    async with open_client(client_url(server)) as ws:
        connection_id = await connection_id_of(ws)
        await ws.send(json.dumps({"action": "note", "n": 1}))
        # Frames are handled in order: had `note` answered, its reply would come first.
        assert await ask(ws, {"action": "echo", "n": 2}) == {"action": "echo", "n": 2}
    noted = RECORDER.events_of(connection_id, "note")
    assert [json.loads(event["body"])["n"] for event in noted] == [1]


async def test_a_failing_handler_gives_internal_server_error_and_the_connection_goes_on(
    server: GatewayServer,
) -> None:
    async with open_client(client_url(server)) as ws:
        connection_id = await connection_id_of(ws)
        for action in ("fail", "bad"):
            frame = await ask(ws, {"action": action})
            assert frame["message"] == "Internal server error"
            assert frame["connectionId"] == connection_id
            assert ID.fullmatch(frame["requestId"])
        assert await ask(ws, {"action": "echo"}) == {"action": "echo"}


async def test_error_frames_are_spaced_like_api_gateways(server: GatewayServer) -> None:
    async with open_client(client_url(server)) as ws:
        await ws.send(json.dumps({"action": "fail"}))
        text = await recv_text(ws)

    assert re.fullmatch(
        r'\{"message": "Internal server error", "connectionId":"[^"]+", "requestId":"[^"]+"\}', text
    )


async def test_without_default_route_unmatched_frames_get_forbidden() -> None:
    with running_gateway(routes=sample_routes(with_default=False)) as server:
        async with open_client(client_url(server)) as ws:
            connection_id = await connection_id_of(ws)
            for frame in ("hello", json.dumps({"action": "nope"}), "[1, 2]"):
                reply = await ask(ws, frame)
                assert reply["message"] == "Forbidden"
                assert reply["connectionId"] == connection_id
                assert ID.fullmatch(reply["requestId"])
            assert await ask(ws, {"action": "echo"}) == {"action": "echo"}


@pytest.mark.parametrize(
    ("frame", "route"),
    [
        ("not json", "$default"),
        ('["whoami"]', "$default"),
        ('"whoami"', "$default"),
        ('{"no": "action"}', "$default"),
        ('{"action": "unknown"}', "$default"),
        ('{"action": null}', "$default"),
        ('{"action": 7}', "7"),
        ('{"action": true}', "true"),
        ('{"action": "whoami"}', "whoami"),
    ],
)
async def test_route_selection_edge_cases(server: GatewayServer, frame: str, route: str) -> None:
    async with open_client(client_url(server)) as ws:
        event = (await ask(ws, frame))["event"]

    assert event["requestContext"]["routeKey"] == route
    assert (event["body"], event["isBase64Encoded"]) == (frame, False)


async def test_binary_frames_go_to_default_base64_encoded(server: GatewayServer) -> None:
    async with open_client(client_url(server)) as ws:
        await ws.send(b'{"action": "echo"}\x00\xff')
        event = (await recv_json(ws))["event"]

    assert event["requestContext"]["routeKey"] == "$default"
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b'{"action": "echo"}\x00\xff'


async def test_frames_of_a_connection_are_handled_in_arrival_order(server: GatewayServer) -> None:
    async with open_client(client_url(server)) as ws:
        for n in range(30):
            await ws.send(json.dumps({"action": "echo", "n": n}))
        replies = [await recv_json(ws) for _ in range(30)]

    assert [reply["n"] for reply in replies] == list(range(30))


async def test_a_handler_over_the_integration_timeout_gets_a_timeout_frame() -> None:
    slow.RELEASE.clear()
    with running_gateway(GatewayConfig(integration_timeout_seconds=0.3)) as server:
        async with open_client(client_url(server)) as ws:
            try:
                frame = await ask(ws, {"action": "slow"})
            finally:
                slow.RELEASE.set()
            assert frame["message"] == "Endpoint request timed out"
            assert await ask(ws, {"action": "echo"}) == {"action": "echo"}


async def test_the_host_header_is_the_domain_name(server: GatewayServer) -> None:
    url = client_url(server).replace("127.0.0.1", "localhost")
    async with open_client(url) as ws:
        context = (await whoami(ws))["requestContext"]

    assert context["domainName"] == f"localhost:{server.port}"
