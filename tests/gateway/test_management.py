"""The @connections API through boto3's own apigatewaymanagementapi client."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import anyio
import pytest
from websockets.asyncio.client import ClientConnection

from ourchat.gateway import GatewayServer
from tests.support.gateway import (
    WAIT,
    ask,
    client_url,
    closed_with,
    connection_id_of,
    in_thread,
    management_client,
    open_client,
    recv_json,
    recv_text,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
def server(both_paths_server: GatewayServer) -> GatewayServer:
    """Every test here runs on both ways of serving @connections."""
    return both_paths_server


async def recv_bytes(ws: ClientConnection) -> bytes:
    with anyio.fail_after(WAIT):
        frame = await ws.recv()
    assert isinstance(frame, bytes)
    return frame


async def test_post_sends_utf8_as_text_and_other_bytes_as_binary(server: GatewayServer) -> None:
    client = management_client(server)
    async with open_client(client_url(server)) as ws:
        connection_id = await connection_id_of(ws)

        text = '{"hi": "é"}'.encode()
        await in_thread(lambda: client.post_to_connection(ConnectionId=connection_id, Data=text))
        assert await recv_json(ws) == {"hi": "é"}
        await in_thread(
            lambda: client.post_to_connection(ConnectionId=connection_id, Data=b"\xff\x00")
        )
        assert await recv_bytes(ws) == b"\xff\x00"


async def test_post_accepts_exactly_131072_bytes_and_refuses_more(server: GatewayServer) -> None:
    client = management_client(server)
    async with open_client(client_url(server)) as ws:
        connection_id = await connection_id_of(ws)

        await in_thread(
            lambda: client.post_to_connection(ConnectionId=connection_id, Data=b"a" * 131_072)
        )
        assert len(await recv_text(ws)) == 131_072
        with pytest.raises(client.exceptions.PayloadTooLargeException):
            await in_thread(
                lambda: client.post_to_connection(ConnectionId=connection_id, Data=b"a" * 131_073)
            )
        assert await ask(ws, {"action": "echo"}) == {"action": "echo"}


async def test_get_describes_the_connection(server: GatewayServer) -> None:
    client = management_client(server)
    before = datetime.now(UTC) - timedelta(seconds=1)
    async with open_client(client_url(server)) as ws:
        connection_id = await connection_id_of(ws)
        info = await in_thread(lambda: client.get_connection(ConnectionId=connection_id))

    assert before <= info["ConnectedAt"] <= info["LastActiveAt"] <= datetime.now(UTC)
    assert info["Identity"]["SourceIp"] == "127.0.0.1"
    assert info["Identity"]["UserAgent"].startswith("Python/")


async def test_delete_closes_the_socket_and_the_connection_is_gone_after(
    server: GatewayServer,
) -> None:
    client = management_client(server)
    async with open_client(client_url(server)) as ws:
        connection_id = await connection_id_of(ws)
        response = await in_thread(lambda: client.delete_connection(ConnectionId=connection_id))
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
        assert await closed_with(ws) == (1000, "Connection Closed Normally")

    with pytest.raises(client.exceptions.GoneException):
        await in_thread(lambda: client.post_to_connection(ConnectionId=connection_id, Data=b"x"))
    with pytest.raises(client.exceptions.GoneException):
        await in_thread(lambda: client.delete_connection(ConnectionId=connection_id))


async def test_unknown_connections_are_gone_for_every_method(server: GatewayServer) -> None:
    client = management_client(server)
    unknown = "Zm9vYmFyYmF6cXU="

    with pytest.raises(client.exceptions.GoneException) as gone:
        await in_thread(lambda: client.post_to_connection(ConnectionId=unknown, Data=b"x"))
    assert gone.value.response["ResponseMetadata"]["HTTPStatusCode"] == 410
    with pytest.raises(client.exceptions.GoneException):
        await in_thread(lambda: client.get_connection(ConnectionId=unknown))
    with pytest.raises(client.exceptions.GoneException):
        await in_thread(lambda: client.delete_connection(ConnectionId=unknown))


async def test_a_handler_pushes_through_the_management_api(server: GatewayServer) -> None:
    unknown = "Zm9vYmFyYmF6cXU="
    async with (
        open_client(client_url(server, "sender")) as sender,
        open_client(client_url(server, "recipient")) as recipient,
    ):
        recipient_id = await connection_id_of(recipient)
        text = f"hello {uuid.uuid4()}"

        reply = await ask(sender, {"action": "push", "to": [recipient_id, unknown], "data": text})

        assert reply == {"gone": [unknown]}
        assert await recv_text(recipient) == text


async def test_management_errors_are_rest_json_shaped(server: GatewayServer) -> None:
    client = management_client(server)

    with pytest.raises(client.exceptions.GoneException) as gone:
        await in_thread(lambda: client.post_to_connection(ConnectionId="unknown=", Data=b"x"))

    response = gone.value.response
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == "GoneException"
    assert response["ResponseMetadata"]["HTTPHeaders"]["content-type"] == "application/json"
    assert response["Error"]["Message"]
