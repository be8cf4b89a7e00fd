"""Token verification: every kind of bad token is refused, good ones give the identity."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ourchat.auth.tokens import (
    InvalidToken,
    JwksTokenVerifier,
    KeysUnavailable,
    LocalTokenVerifier,
    issue_local_token,
)
from tests.support.jwks_server import JwksEndpoint, serve_jwks

SECRET = "s3cret-" + uuid4().hex
ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TEST"
AUDIENCE = "client-123"


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(datetime.now(UTC).timestamp())
    base: dict[str, Any] = {
        "sub": str(uuid4()),
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 600,
        "name": "Alice",
        "token_use": "id",
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


@pytest.fixture(scope="module")
def jwks() -> Iterator[JwksEndpoint]:
    with serve_jwks() as endpoint:
        yield endpoint


@pytest.fixture
def rs_verifier(jwks: JwksEndpoint) -> JwksTokenVerifier:
    return JwksTokenVerifier(jwks.url, ISSUER, AUDIENCE)


def rs_token(jwks: JwksEndpoint, **overrides: Any) -> str:
    return jwt.encode(
        claims(**overrides), jwks.private_key, algorithm="RS256", headers={"kid": jwks.key_id}
    )


def test_local_token_round_trip() -> None:
    # Given a token issued by the local issuer
    now = datetime.now(UTC)
    token = issue_local_token(
        SECRET, user_id="alice", user_name="Alice", issuer="i", audience="a", now=now
    )
    # When it is verified with the same secret
    identity = LocalTokenVerifier(SECRET, "i", "a").verify(token)
    # Then the identity is the subject and name
    assert (identity.user_id, identity.user_name) == ("alice", "Alice")


@pytest.mark.parametrize(
    ("overrides", "secret"),
    [
        pytest.param({"exp": int(datetime.now(UTC).timestamp()) - 60}, SECRET, id="expired"),
        pytest.param({"nbf": int(datetime.now(UTC).timestamp()) + 600}, SECRET, id="not-yet-valid"),
        pytest.param({"iat": int(datetime.now(UTC).timestamp()) + 600}, SECRET, id="issued-future"),
        pytest.param({"iss": "https://evil.example"}, SECRET, id="wrong-issuer"),
        pytest.param({"aud": "other-client"}, SECRET, id="wrong-audience"),
        pytest.param({"sub": None}, SECRET, id="no-subject"),
        pytest.param({"exp": None}, SECRET, id="no-expiry"),
        pytest.param({}, "another-secret-" + uuid4().hex, id="bad-signature"),
    ],
)
def test_local_verifier_refuses_bad_tokens(overrides: dict[str, Any], secret: str) -> None:
    token = jwt.encode(claims(**overrides), secret, algorithm="HS256")
    with pytest.raises(InvalidToken):
        LocalTokenVerifier(SECRET, ISSUER, AUDIENCE).verify(token)


def unsigned_token(payload: dict[str, Any]) -> str:
    def part(data: dict[str, Any]) -> str:
        raw = json.dumps(data).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(payload)}."


def test_alg_none_is_refused_by_both_verifiers(rs_verifier: JwksTokenVerifier) -> None:
    token = unsigned_token(claims())
    with pytest.raises(InvalidToken):
        LocalTokenVerifier(SECRET, ISSUER, AUDIENCE).verify(token)
    with pytest.raises(InvalidToken):
        rs_verifier.verify(token)


def test_garbage_is_refused() -> None:
    for token in ["", "x", "a.b.c", "🎉.🎉.🎉"]:
        with pytest.raises(InvalidToken):
            LocalTokenVerifier(SECRET, ISSUER, AUDIENCE).verify(token)


def test_rs256_token_from_the_jwks_is_accepted(
    jwks: JwksEndpoint, rs_verifier: JwksTokenVerifier
) -> None:
    identity = rs_verifier.verify(rs_token(jwks, sub="u-1", name="Bob"))
    assert (identity.user_id, identity.user_name) == ("u-1", "Bob")


def test_keys_are_cached_across_verifications(
    jwks: JwksEndpoint, rs_verifier: JwksTokenVerifier
) -> None:
    before = len(jwks.requests)
    for _ in range(3):
        rs_verifier.verify(rs_token(jwks))
    assert len(jwks.requests) - before == 1


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"exp": int(datetime.now(UTC).timestamp()) - 60}, id="expired"),
        pytest.param({"nbf": int(datetime.now(UTC).timestamp()) + 600}, id="not-yet-valid"),
        pytest.param({"iss": "https://evil.example"}, id="wrong-issuer"),
        pytest.param({"aud": "other-client"}, id="wrong-audience"),
        pytest.param({"token_use": "access"}, id="access-token"),
    ],
)
def test_rs_verifier_refuses_bad_claims(
    jwks: JwksEndpoint, rs_verifier: JwksTokenVerifier, overrides: dict[str, Any]
) -> None:
    with pytest.raises(InvalidToken):
        rs_verifier.verify(rs_token(jwks, **overrides))


def test_rs_verifier_refuses_a_key_it_does_not_publish(
    jwks: JwksEndpoint, rs_verifier: JwksTokenVerifier
) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims(), stranger, algorithm="RS256", headers={"kid": jwks.key_id})
    with pytest.raises(InvalidToken):
        rs_verifier.verify(forged)
    unknown_kid = jwt.encode(claims(), stranger, algorithm="RS256", headers={"kid": "nope"})
    with pytest.raises(InvalidToken):
        rs_verifier.verify(unknown_kid)


def test_hs_rs_confusion_is_refused(jwks: JwksEndpoint, rs_verifier: JwksTokenVerifier) -> None:
    # Given an HS256 token whose HMAC secret is the pool's PUBLIC key (the classic confusion)
    public_pem = jwks.private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"kid": jwks.key_id, "alg": "HS256"}
    payload = json.dumps(claims()).encode()
    signing_input = ".".join(
        base64.urlsafe_b64encode(part).decode().rstrip("=")
        for part in (json.dumps(header).encode(), payload)
    )
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    token = signing_input + "." + base64.urlsafe_b64encode(signature).decode().rstrip("=")
    # Then the RS256 verifier refuses it
    with pytest.raises(InvalidToken):
        rs_verifier.verify(token)


def test_local_token_lifetime_is_honoured() -> None:
    long_ago = datetime.now(UTC) - timedelta(days=2)
    token = issue_local_token(
        SECRET, user_id="a", user_name=None, issuer="i", audience="a", now=long_ago
    )
    with pytest.raises(InvalidToken):
        LocalTokenVerifier(SECRET, "i", "a").verify(token)


def test_an_unreachable_jwks_is_an_outage_not_a_bad_token() -> None:
    # Given a JWKS URL where nothing listens (a port just freed on 127.0.0.1)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    verifier = JwksTokenVerifier(f"http://127.0.0.1:{port}/jwks.json", ISSUER, AUDIENCE)
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(claims(), stranger, algorithm="RS256", headers={"kid": "k"})
    # Then verifying fails as unavailable keys (the authorizer errs: 500), not as a bad token
    with pytest.raises(KeysUnavailable):
        verifier.verify(token)
