"""The DynamoDB client factory: retry configuration and argument checks (no network)."""

from __future__ import annotations

import pytest

from ourchat.adapters.dynamodb.client import make_dynamodb_client


def test_retries_are_configured_as_asked() -> None:
    client = make_dynamodb_client(
        "http://127.0.0.1:1",
        "eu-west-1",
        "adaptive",
        5,
        access_key_id="testing",
        secret_access_key="testing",
    )

    assert client.meta.region_name == "eu-west-1"
    assert client.meta.endpoint_url == "http://127.0.0.1:1"
    retries = getattr(client.meta.config, "retries", None)  # not in botocore's stubs
    assert retries == {"mode": "adaptive", "total_max_attempts": 5}


def test_at_least_one_attempt_is_required() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        make_dynamodb_client(None, "eu-west-1", max_attempts=0)


def test_credentials_come_in_pairs() -> None:
    with pytest.raises(ValueError, match="both"):
        make_dynamodb_client(None, "eu-west-1", access_key_id="testing")
