"""The verifier's canonical request is botocore's, whatever headers a client signs."""

from __future__ import annotations

import hashlib

import pytest

from ourchat.gateway.sigv4 import AccessKey, Arrived, SigV4Verifier, canonical_request

KEY = AccessKey("AKIAEXAMPLEEXAMPLE00", "secret")


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        (
            "/dev/@connections/abc%3D",
            {"host": "127.0.0.1:8000", "x-amz-date": "20261128T032000Z"},
        ),
        (
            "/prod/@connections/a%2Fb%2Bc",
            {
                "host": "abc.execute-api.us-east-1.amazonaws.com",
                "x-amz-date": "20261128T032000Z",
                "content-type": "application/json",
                "x-amz-security-token": "tok/en+==",
                "amz-sdk-invocation-id": "  spaced   value ",
            },
        ),
    ],
)
def test_the_canonical_request_is_botocores(path: str, headers: dict[str, str]) -> None:
    body = b'{"event":"x"}'
    signed = sorted(headers, reverse=True)  # the order a client lists them in is not ours

    ours = canonical_request("POST", path, headers, signed, hashlib.sha256(body).hexdigest())

    botocores = SigV4Verifier(KEY, "us-east-1").botocore_canonical_request(
        Arrived("POST", path, "", headers, body), signed
    )
    assert ours == botocores
