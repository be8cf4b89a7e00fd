"""The per-fan-out signer gives exactly the signature botocore's SigV4Auth gives each POST."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import ReadOnlyCredentials

from ourchat.adapters.apigateway.signing import (
    CONTENT_TYPE,
    ConnectionsSigner,
    connection_path,
)

URL = "https://abc123.execute-api.ap-southeast-2.amazonaws.com/prod"
AT = datetime(2026, 11, 28, 3, 20, tzinfo=UTC)


def botocore_authorization(
    credentials: ReadOnlyCredentials, connection_id: str, body: bytes
) -> dict[str, str]:
    """The headers botocore's own add_auth would send, at AT."""
    request = AWSRequest(
        method="POST",
        url=f"https://abc123.execute-api.ap-southeast-2.amazonaws.com"
        f"{connection_path('/prod', connection_id)}",
        data=body,
        headers={"Content-Type": CONTENT_TYPE},
    )
    request.context["timestamp"] = AT.strftime(SIGV4_TIMESTAMP)
    auth = SigV4Auth(credentials, "execute-api", "ap-southeast-2")
    signer: Any = auth  # botocore's helpers that its stubs leave out
    signer._modify_request_before_signing(request)
    canonical = auth.canonical_request(request)
    signature = auth.signature(auth.string_to_sign(request, canonical), request)
    signer._inject_signature_to_request(request, signature)
    return {name.lower(): value for name, value in request.headers.items()}


def head_fields(head: bytes) -> tuple[str, dict[str, str]]:
    request_line, *lines = head.decode("latin-1").rstrip("\r\n").split("\r\n")
    fields = {}
    for line in lines:
        name, _, value = line.partition(": ")
        fields[name.lower()] = value
    return request_line, fields


@pytest.mark.parametrize("token", [None, "session-token/with+chars="])
@pytest.mark.parametrize("connection_id", ["dXNlci0xMjM0NTY=", "a/b+c", "plain"])
def test_each_head_carries_botocores_signature(token: str | None, connection_id: str) -> None:
    credentials = ReadOnlyCredentials("AKIAEXAMPLE", "secret/key", token)
    body = '{"event":"message.created","data":{"content":"é"}}'.encode()

    signed = ConnectionsSigner(URL, "ap-southeast-2").sign(credentials, body, AT)
    request_line, fields = head_fields(signed.head(connection_path("/prod", connection_id)))

    expected = botocore_authorization(credentials, connection_id, body)
    assert request_line == f"POST {connection_path('/prod', connection_id)} HTTP/1.1"
    assert fields["authorization"] == expected["authorization"]
    assert fields["x-amz-date"] == expected["x-amz-date"]
    assert fields.get("x-amz-security-token") == token
    assert fields["content-length"] == str(len(body))
    assert fields["host"] == "abc123.execute-api.ap-southeast-2.amazonaws.com"


def test_the_signing_key_is_derived_once_per_day(monkeypatch: pytest.MonkeyPatch) -> None:
    derivations: list[str] = []
    original: Any = SigV4Auth._sign  # type: ignore[attr-defined]

    def counting(self: SigV4Auth, key: bytes, msg: str, hex: bool = False) -> Any:
        derivations.append(msg)
        return original(self, key, msg, hex)

    monkeypatch.setattr(SigV4Auth, "_sign", counting)
    signer = ConnectionsSigner(URL, "ap-southeast-2")
    credentials = ReadOnlyCredentials("AKIAEXAMPLE", "secret", None)

    for _ in range(3):
        signer.sign(credentials, b"x", AT)
    signer.sign(credentials, b"x", AT.replace(day=29))

    assert derivations.count("aws4_request") == 2
