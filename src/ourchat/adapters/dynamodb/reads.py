"""Reads spanning several DynamoDB calls: paginated Query and BatchGetItem with retries."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ourchat.adapters.dynamodb.codec import Item
from ourchat.adapters.dynamodb.errors import TRY_AGAIN
from ourchat.domain.errors import InternalError

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import KeysAndAttributesUnionTypeDef, QueryInputTypeDef

BATCH_GET_MAX_KEYS = 100
BATCH_GET_MAX_ROUNDS = 5
BACKOFF_BASE_SECONDS = 0.05

Sleep = Callable[[float], None]


def query_items(
    client: DynamoDBClient, params: QueryInputTypeDef, max_items: int | None = None
) -> list[Item]:
    """Run a Query to its end, or until `max_items` items have come back.

    A single call returns at most 1 MB; only then (or for more than `max_items` matches
    in total) is a next call made, so a page of small items costs exactly one Query.
    """
    request = params.copy()
    items: list[Item] = []
    while True:
        if max_items is not None:
            request["Limit"] = max_items - len(items)
        response = client.query(**request)
        items += response["Items"]
        last_key = response.get("LastEvaluatedKey")
        if last_key is None or (max_items is not None and len(items) >= max_items):
            return items
        request["ExclusiveStartKey"] = last_key


def backoff_seconds(attempt: int) -> float:
    """Return a full-jitter exponential backoff for a retry (attempt 0 is the first retry)."""
    return random.uniform(0, BACKOFF_BASE_SECONDS * 2**attempt)


def _chunks(keys: Sequence[Item], size: int) -> list[Sequence[Item]]:
    return [keys[start : start + size] for start in range(0, len(keys), size)]


def _batch_get_chunk(
    client: DynamoDBClient,
    table_name: str,
    keys: Sequence[Item],
    consistent: bool,
    projection: str | None,
    sleep: Sleep,
) -> list[Item]:
    wanted: KeysAndAttributesUnionTypeDef = {"Keys": keys, "ConsistentRead": consistent}
    if projection is not None:
        wanted["ProjectionExpression"] = projection
    pending: dict[str, KeysAndAttributesUnionTypeDef] = {table_name: wanted}
    items: list[Item] = []
    for attempt in range(BATCH_GET_MAX_ROUNDS):
        response = client.batch_get_item(RequestItems=pending)
        items += response["Responses"].get(table_name, [])
        if not response.get("UnprocessedKeys"):
            return items
        pending = dict(response["UnprocessedKeys"])
        sleep(backoff_seconds(attempt))
    raise InternalError(TRY_AGAIN)


def batch_get_items(
    client: DynamoDBClient,
    table_name: str,
    keys: Sequence[Item],
    *,
    consistent: bool = False,
    projection: str | None = None,
    sleep: Sleep = time.sleep,
) -> list[Item]:
    """Get many items of one table: BatchGetItem in chunks of 100 keys.

    Keys DynamoDB leaves unprocessed (throttling, 16 MB response limit) are asked again
    with backoff, a bounded number of times.

    Returns:
        The items that exist, in no particular order.

    Raises:
        InternalError: Some keys stayed unprocessed through every retry.
    """
    items: list[Item] = []
    for chunk in _chunks(keys, BATCH_GET_MAX_KEYS):
        items += _batch_get_chunk(client, table_name, chunk, consistent, projection, sleep)
    return items
