"""Counting the DynamoDB operations a client makes, via botocore's event system."""

from __future__ import annotations

from collections import Counter
from typing import Any

from mypy_boto3_dynamodb import DynamoDBClient

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
