"""The $connect authorizer: policies, context, refusals, the origin secret, and no token in logs."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest

from ourchat.auth.identity import Identity, KeysUnavailable
from ourchat.auth.tokens import LocalTokenVerifier, issue_local_token
from ourchat.bootstrap import Dependencies, Gatekeeper
from ourchat.handlers import authorizer

SECRET = uuid4().hex + uuid4().hex
ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/dev/$connect"


def authorize(event: dict[str, Any], origin_secret: str | None = None) -> dict[str, Any]:
    """Run the authorizer with a local verifier (and the origin secret, if any)."""
    verifier = LocalTokenVerifier(SECRET, "iss", "aud")
    deps = Dependencies(gatekeeper=Gatekeeper(verifier, origin_secret))
    result: dict[str, Any] = authorizer.handler.bind(deps)(event, None)
    return result


def token(user_id: str = "alice", *, now: datetime | None = None, secret: str = SECRET) -> str:
    moment = now or datetime.now(UTC)
    return issue_local_token(
        secret, user_id=user_id, user_name="Alice", issuer="iss", audience="aud", now=moment
    )


def event(query: dict[str, str] | None, headers: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "type": "REQUEST",
        "methodArn": ARN,
        "headers": headers or {},
        "queryStringParameters": query,
        "requestContext": {"requestId": uuid4().hex, "connectionId": "c1=", "routeKey": "$connect"},
    }


def test_valid_token_is_allowed_with_identity_context() -> None:
    result = authorize(event({"token": token("u-42")}))
    statement = result["policyDocument"]["Statement"][0]
    assert statement == {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": ARN}
    assert result["principalId"] == "u-42"
    assert result["context"] == {"userId": "u-42", "userName": "Alice"}


@pytest.mark.parametrize(
    "query",
    [
        None,
        {},
        {"token": ""},
        {"token": "not-a-jwt"},
        {"token": "x" * 5000},
    ],
)
def test_missing_or_malformed_token_is_unauthorized(query: dict[str, str] | None) -> None:
    with pytest.raises(authorizer.Unauthorized, match=r"^Unauthorized$"):
        authorize(event(query))


def test_expired_and_forged_tokens_are_unauthorized() -> None:
    expired = token(now=datetime.now(UTC) - timedelta(days=1))
    forged = token(secret=uuid4().hex + uuid4().hex)
    for bad in (expired, forged):
        with pytest.raises(authorizer.Unauthorized):
            authorize(event({"token": bad}))


def test_origin_secret_denies_direct_connections() -> None:
    # Given the API is only to be reached through CloudFront, which adds the origin header
    good = token()
    # When a valid token comes without, or with a wrong, origin header: Deny (HTTP 403)
    for headers in ({}, {"X-Origin-Verify": "guess"}):
        result = authorize(event({"token": good}, headers), "edge-only")
        assert result["policyDocument"]["Statement"][0]["Effect"] == "Deny"
    # And with the right header (any case): Allow
    allowed = authorize(event({"token": good}, {"X-Origin-Verify": "edge-only"}), "edge-only")
    assert allowed["policyDocument"]["Statement"][0]["Effect"] == "Allow"


class CountingVerifier:
    """A verifier that records every token it is asked about, and fails as told."""

    def __init__(self, failure: Exception | None = None) -> None:
        self.tokens: list[str] = []
        self.failure = failure

    def verify(self, token: str) -> Identity:
        self.tokens.append(token)
        if self.failure is not None:
            raise self.failure
        return Identity("alice", "Alice")


def authorize_with(
    verifier: CountingVerifier, event: dict[str, Any], origin_secret: str | None = None
) -> dict[str, Any]:
    deps = Dependencies(gatekeeper=Gatekeeper(verifier, origin_secret))
    result: dict[str, Any] = authorizer.handler.bind(deps)(event, None)
    return result


@pytest.mark.parametrize("headers", [{}, {"x-origin-verify": "guess"}])
def test_the_origin_header_is_checked_before_the_token(headers: dict[str, str]) -> None:
    verifier = CountingVerifier()

    result = authorize_with(verifier, event({"token": "any"}, headers), "edge-only")

    assert result["policyDocument"]["Statement"][0]["Effect"] == "Deny"
    assert verifier.tokens == []


def test_the_viewer_address_cloudfront_adds_reaches_the_context() -> None:
    headers = {"X-Origin-Verify": "edge-only", "CloudFront-Viewer-Address": "203.0.113.9:5123"}

    through_edge = authorize_with(CountingVerifier(), event({"token": "t"}, headers), "edge-only")
    direct = authorize_with(CountingVerifier(), event({"token": "t"}, headers))

    assert through_edge["context"]["viewerAddress"] == "203.0.113.9:5123"
    # Without the origin secret the header could come from anyone: it is not passed on
    assert "viewerAddress" not in direct["context"]


def emf_lines(output: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return [line for line in lines if "_aws" in line]


def test_a_refusal_emits_no_failure_metric(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(authorizer.Unauthorized):
        authorize(event({"token": "not-a-jwt"}))

    assert emf_lines(capsys.readouterr().out) == []


def test_an_unexpected_failure_emits_an_emf_metric(capsys: pytest.CaptureFixture[str]) -> None:
    verifier = CountingVerifier(KeysUnavailable("the JWKS could not be fetched"))

    with pytest.raises(KeysUnavailable):
        authorize_with(verifier, event({"token": "t"}))

    [line] = emf_lines(capsys.readouterr().out)
    [directive] = line["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == "ourchat"
    assert directive["Metrics"] == [{"Name": "AuthorizerFailures", "Unit": "Count"}]
    assert line["AuthorizerFailures"] == 1
    assert all(line[dimension] for dimension in directive["Dimensions"][0])
    assert isinstance(line["_aws"]["Timestamp"], int)


def test_tokens_never_reach_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    good, expired = token(), token(now=datetime.now(UTC) - timedelta(days=1))
    logging.getLogger("ourchat").propagate = True
    try:
        with caplog.at_level(logging.DEBUG, logger="ourchat"):
            authorize(event({"token": good}))
            with pytest.raises(authorizer.Unauthorized):
                authorize(event({"token": expired}))
    finally:
        logging.getLogger("ourchat").propagate = False
    text = "\n".join(record.getMessage() + str(record.__dict__) for record in caplog.records)
    assert good not in text
    assert expired not in text
    assert any("refused" in record.getMessage() for record in caplog.records)
