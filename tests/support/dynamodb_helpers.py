"""Helpers of the DynamoDB adapter tests: raw item reads and a ready-made group."""

from __future__ import annotations

from mypy_boto3_dynamodb import DynamoDBClient

from ourchat.adapters.dynamodb.store import DynamoDbStore
from ourchat.domain.models import Group, Thread
from tests.support.builders import (
    a_group,
    a_thread,
    owner_of,
)


def raw_item(client: DynamoDBClient, table: str, **key: str) -> dict[str, str] | None:
    """Return an item's string and number attributes as strings, or None."""
    response = client.get_item(
        TableName=table,
        Key={name: {"S": value} for name, value in key.items()},
        ConsistentRead=True,
    )
    item = response.get("Item")
    if item is None:
        return None
    return {name: value.get("S", value.get("N", "")) for name, value in item.items()}


def group_and_thread(store: DynamoDbStore, owner: str) -> tuple[Group, Thread]:
    """Create a group owned by `owner` with one thread, and return both."""
    group = a_group()
    store.create_group(group, owner_of(group, owner))
    thread = a_thread(group.group_id)
    store.create_thread(thread)
    return group, thread
