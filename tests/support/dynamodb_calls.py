"""Counting the DynamoDB operations a client makes, via botocore's event system."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mypy_boto3_dynamodb import DynamoDBClient

from ourchat.adapters.dynamodb.tables import ALL_TABLES, TableDefinition

# What the store may call at run time; Scan and BatchWriteItem are deliberately absent.
ALLOWED_OPERATIONS = frozenset(
    {
        "GetItem",
        "BatchGetItem",
        "Query",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "TransactWriteItems",
    }
)


class CallCounter:
    """Counts API calls by operation name (once per call, retries not included).

    Args:
        client: The client to watch; the counter stays registered for its lifetime.
    """

    def __init__(self, client: DynamoDBClient) -> None:
        self.calls: Counter[str] = Counter()
        client.meta.events.register("before-call.dynamodb", self._count)

    def _count(self, model: Any, **_: Any) -> None:
        self.calls[model.name] += 1

    def reset(self) -> None:
        """Forget the calls counted so far."""
        self.calls.clear()

    def take(self) -> Counter[str]:
        """Return the calls counted so far, and start counting afresh."""
        taken = Counter(self.calls)
        self.reset()
        return taken


@contextmanager
def recorded_transactions(client: DynamoDBClient) -> Iterator[list[list[dict[str, Any]]]]:
    """Record the TransactItems of every TransactWriteItems the client sends meanwhile."""
    sent: list[list[dict[str, Any]]] = []

    def record(params: dict[str, Any], **_: Any) -> None:
        sent.append(params["TransactItems"])

    event = "provide-client-params.dynamodb.TransactWriteItems"
    client.meta.events.register(event, record)
    try:
        yield sent
    finally:
        client.meta.events.unregister(event, record)


def transaction_shape(actions: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """A transaction's actions as sorted (kind, logical table) pairs, e.g. ("Put", "Message")."""
    shape = []
    for action in actions:
        [(kind, body)] = action.items()
        table = next(t for t in ALL_TABLES if body["TableName"].endswith(t.logical_name))
        shape.append((kind, table.logical_name))
    return sorted(shape)


def indexes_entered(table: TableDefinition, item: dict[str, Any]) -> set[str]:
    """The table's indexes an item written whole appears in (it has their key attributes)."""
    return {
        index.name
        for index in table.indexes
        if index.partition_key.name in item
        and (index.sort_key is None or index.sort_key.name in item)
    }
