"""Writes of many items: TransactWriteItems in chunks of DynamoDB's 100-item limit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

TRANSACTION_MAX_ITEMS = 100


def transact_in_chunks(client: DynamoDBClient, actions: Sequence[TransactWriteItemTypeDef]) -> None:
    """Apply write actions in as few transactions as DynamoDB allows.

    Each chunk of up to 100 actions is all-or-nothing, and chunks are applied in order: a
    failure leaves the earlier chunks applied. No call is made for no actions.
    """
    for start in range(0, len(actions), TRANSACTION_MAX_ITEMS):
        client.transact_write_items(TransactItems=actions[start : start + TRANSACTION_MAX_ITEMS])
