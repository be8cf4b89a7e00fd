"""The @connections API requires SigV4 with the gateway's key, and refuses like API Gateway."""

from __future__ import annotations

import http.client
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import ReadOnlyCredentials
from botocore.exceptions import ClientError

from ourchat.gateway import GatewayServer
from ourchat.gateway.sigv4 import AccessKey
from tests.support.gateway import (
    WAIT,
    ask,
    client_url,
    connection_id_of,
    in_thread,
    management_client,
    open_client,
    recv_text,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
def server(both_paths_server: GatewayServer) -> GatewayServer:
    """Every test here runs on both ways of serving @connections."""
    return both_paths_server


Answer = tuple[int, dict[str, str], bytes]


def raw_request(
    server: GatewayServer, method: str, path: str, body: bytes, headers: dict[str, str]
) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=WAIT)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        answer = {name.lower(): value for name, value in response.getheaders()}
        return response.status, answer, response.read()
    finally:
        connection.close()


def signed_headers(
    server: GatewayServer,
    path: str,
    body: bytes,
    *,
    key: AccessKey,
    region: str = "us-east-1",
    at: datetime | None = None,
) -> dict[str, str]:
    """Headers of a POST signed by botocore's signer at a chosen time."""
    request = AWSRequest(method="POST", url=f"{server.http_url}{path}", data=body)
    request.context["timestamp"] = (at or datetime.now(UTC)).strftime(SIGV4_TIMESTAMP)
    auth = SigV4Auth(
        ReadOnlyCredentials(key.access_key_id, key.secret_access_key, None), "execute-api", region
    )
    signer: Any = auth  # botocore's helpers that its stubs leave out
    signer._modify_request_before_signing(request)
    canonical = auth.canonical_request(request)
    signer._inject_signature_to_request(
        request, auth.signature(auth.string_to_sign(request, canonical), request)
    )
    return dict(request.headers.items())


async def assert_untouched(ws: object) -> None:
    """The connection got no frame: its next frame is the answer to a new request."""
    assert await ask(ws, {"action": "echo"}) == {"action": "echo"}  # type: ignore[arg-type]


@pytest.mark.parametrize("method", ["POST", "DELETE", "GET"])
async def test_an_unsigned_request_is_refused_with_403(server: GatewayServer, method: str) -> None:
    async with open_client(client_url(server)) as ws:
        path = f"/dev/@connections/{await connection_id_of(ws)}"

        status, headers, body = await in_thread(
            lambda: raw_request(server, method, path, b"x" if method == "POST" else b"", {})
        )

        assert status == 403
        assert headers["x-amzn-errortype"] == "MissingAuthenticationTokenException"
        assert json.loads(body) == {"message": "Missing Authentication Token"}
        await assert_untouched(ws)


async def test_a_cross_origin_text_plain_post_without_a_signature_is_refused(
    server: GatewayServer,
) -> None:
    # What a web page can send to 127.0.0.1 without a CORS preflight.
    async with open_client(client_url(server)) as ws:
        path = f"/dev/@connections/{await connection_id_of(ws)}"
        headers = {"Origin": "http://evil.example", "Content-Type": "text/plain"}

        status, answer, _ = await in_thread(
            lambda: raw_request(server, "POST", path, b'{"event":"phish"}', headers)
        )

        assert status == 403
        assert "access-control-allow-origin" not in answer
        await assert_untouched(ws)


async def test_boto3_with_the_gateways_key_pushes(server: GatewayServer) -> None:
    client = management_client(server)
    async with open_client(client_url(server)) as ws:
        connection_id = await connection_id_of(ws)

        await in_thread(lambda: client.post_to_connection(ConnectionId=connection_id, Data=b"ok"))

        assert await recv_text(ws) == "ok"


@pytest.mark.parametrize(
    ("key", "error"),
    [
        (AccessKey("AKIAWRONGWRONGWRONG0", "whatever"), "UnrecognizedClientException"),
        (None, "InvalidSignatureException"),  # the right key id with a wrong secret
    ],
)
async def test_boto3_with_wrong_credentials_gets_403(
    server: GatewayServer, key: AccessKey | None, error: str
) -> None:
    right = server.gateway.management_key
    wrong = key or AccessKey(right.access_key_id, right.secret_access_key + "x")
    client = management_client(server, wrong)
    async with open_client(client_url(server)) as ws:
        connection_id = await connection_id_of(ws)
        for call in (
            lambda: client.post_to_connection(ConnectionId=connection_id, Data=b"x"),
            lambda: client.get_connection(ConnectionId=connection_id),
            lambda: client.delete_connection(ConnectionId=connection_id),
        ):
            with pytest.raises(ClientError) as refused:
                await in_thread(call)
            assert refused.value.response["Error"]["Code"] == error
            assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
        await assert_untouched(ws)


@pytest.mark.parametrize(
    "tamper",
    ["body", "stale", "region"],
)
async def test_a_signature_for_another_request_is_refused(
    server: GatewayServer, tamper: str
) -> None:
    key = server.gateway.management_key
    async with open_client(client_url(server)) as ws:
        path = f"/dev/@connections/{await connection_id_of(ws)}"
        at = datetime.now(UTC) - (timedelta(minutes=6) if tamper == "stale" else timedelta())
        region = "eu-west-1" if tamper == "region" else "us-east-1"
        headers = signed_headers(server, path, b"signed", key=key, region=region, at=at)
        sent = b"tampered" if tamper == "body" else b"signed"

        status, answer, _ = await in_thread(
            lambda: raw_request(server, "POST", path, sent, headers)
        )

        assert status == 403
        assert answer["x-amzn-errortype"] == "InvalidSignatureException"
        await assert_untouched(ws)


async def test_a_request_signed_by_botocore_by_hand_is_accepted(server: GatewayServer) -> None:
    key = server.gateway.management_key
    async with open_client(client_url(server)) as ws:
        path = f"/dev/@connections/{await connection_id_of(ws)}"
        headers = signed_headers(server, path, b"by hand", key=key)

        status, _, _ = await in_thread(
            lambda: raw_request(server, "POST", path, b"by hand", headers)
        )

        assert status == 200
        assert await recv_text(ws) == "by hand"
