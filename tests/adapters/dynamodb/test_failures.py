"""How failures of DynamoDB itself surface: InternalError once retries are exhausted.

A real server cannot be told to throttle or fail, so these faults are injected through
botocore's before-send event (tests/support/dynamodb_faults.py).
"""

from __future__ import annotations

import json
import socket

import pytest
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from mypy_boto3_dynamodb import DynamoDBClient

from ourchat.adapters.dynamodb.store import DynamoDbStore
from ourchat.adapters.dynamodb.tables import ALL_TABLES
from ourchat.domain.errors import InternalError
from tests.support.builders import (
    a_user,
    user_id,
)
from tests.support.dynamodb_faults import (
    Injector,
    canned_response,
    error_response,
)
from tests.support.dynamodb_helpers import group_and_thread
from tests.support.moto import moto_client


@pytest.fixture
def fragile_client(moto_endpoint: str) -> DynamoDBClient:
    """A client that gives up after two attempts."""
    return moto_client(moto_endpoint, max_attempts=2)


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, "ProvisionedThroughputExceededException"),
        (400, "ThrottlingException"),
        (500, "InternalServerError"),
        (503, "ServiceUnavailable"),
    ],
)
def test_failures_that_outlast_botocore_retries_are_internal_errors(
    fragile_client: DynamoDBClient, dynamodb_table_names: dict[str, str], status: int, code: str
) -> None:
    store = DynamoDbStore(fragile_client, dynamodb_table_names)
    injector = Injector(fragile_client, None, lambda _: error_response(status, code))

    with pytest.raises(InternalError, match="try again"):
        store.put_user(a_user())

    assert injector.sends == 2


def test_an_unreachable_database_is_an_internal_error(dynamodb_table_names: dict[str, str]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    client = moto_client(f"http://127.0.0.1:{closed_port}", max_attempts=1)

    with pytest.raises(InternalError, match="try again"):
        DynamoDbStore(client, dynamodb_table_names).get_user("ada")


def test_other_client_errors_propagate_unchanged(fragile_client: DynamoDBClient) -> None:
    names = {table.logical_name: f"missing-{table.logical_name}" for table in ALL_TABLES}

    with pytest.raises(fragile_client.exceptions.ResourceNotFoundException):
        DynamoDbStore(fragile_client, names).get_user("ada")


def _unprocess_everything_once(
    request: AWSPreparedRequest, answered: list[bool]
) -> AWSResponse | None:
    if answered:
        return None
    answered.append(True)
    assert isinstance(request.body, bytes | str)
    body = json.loads(request.body)
    return canned_response(200, {"Responses": {}, "UnprocessedKeys": body["RequestItems"]})


def test_unprocessed_keys_of_batch_get_are_asked_again(
    dynamodb_store: DynamoDbStore, dynamodb_client: DynamoDBClient
) -> None:
    owner = user_id()
    made = [group_and_thread(dynamodb_store, owner)[0] for _ in range(3)]
    groups = [g for g in dynamodb_store.get_groups([m.group_id for m in made]) if g]
    answered: list[bool] = []
    injector = Injector(
        dynamodb_client,
        "BatchGetItem",
        lambda request: _unprocess_everything_once(request, answered),
    )

    found = dynamodb_store.get_groups([group.group_id for group in groups])

    assert sorted(found, key=lambda g: g.group_id) == sorted(groups, key=lambda g: g.group_id)
    assert injector.sends == 2


def test_keys_that_stay_unprocessed_are_an_internal_error(
    dynamodb_store: DynamoDbStore, dynamodb_client: DynamoDBClient
) -> None:
    group, _ = group_and_thread(dynamodb_store, user_id())
    Injector(
        dynamodb_client, "BatchGetItem", lambda request: _unprocess_everything_once(request, [])
    )

    with pytest.raises(InternalError, match="try again"):
        dynamodb_store.get_groups([group.group_id])
