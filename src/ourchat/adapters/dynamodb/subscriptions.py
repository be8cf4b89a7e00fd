"""Subscriptions: one item per (group, live connection of a member), for a one-Query fan-out.

The Subscription table (partition key groupId, sort key connectionId) copies the
connection's userId, connectedAt and expiresAt (its TTL attribute), so the connections of
a group are read with a single Query whose cost depends on that group's connections only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ourchat.adapters.dynamodb.codec import encode_value, entity_from_item, entity_item, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import translating_errors
from ourchat.adapters.dynamodb.reads import query_items
from ourchat.adapters.dynamodb.tables import CONNECTION, SUBSCRIPTION
from ourchat.domain.models import Connection

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef


def subscription_put(
    db: DynamoDbTables, group_id: str, connection: Connection
) -> TransactWriteItemTypeDef:
    """Return the write that subscribes a connection to a group's events."""
    return {
        "Put": {
            "TableName": db.name(SUBSCRIPTION),
            "Item": entity_item(connection, groupId=group_id),
        }
    }


def subscription_delete(
    db: DynamoDbTables, group_id: str, connection_id: str
) -> TransactWriteItemTypeDef:
    """Return the write that unsubscribes a connection from a group's events."""
    return {
        "Delete": {
            "TableName": db.name(SUBSCRIPTION),
            "Key": key(groupId=group_id, connectionId=connection_id),
        }
    }


def connections_of_user(db: DynamoDbTables, user_id: str) -> list[Connection]:
    """Return the user's connection records, expired ones included (consistent Query)."""
    items = query_items(
        db.client,
        {
            "TableName": db.name(CONNECTION),
            "KeyConditionExpression": "userId = :userId",
            "ExpressionAttributeValues": {":userId": encode_value(user_id)},
            "ConsistentRead": True,
        },
    )
    return [entity_from_item(Connection, item) for item in items]


class DynamoDbSubscriptions:
    """The fan-out query; a part of `DynamoDbStore`."""

    _db: DynamoDbTables

    @translating_errors
    def connections_of_user(self, user_id: str, now_epoch_seconds: int) -> list[Connection]:
        """Return the user's unexpired connections, by connectionId (one consistent Query)."""
        live = [
            c for c in connections_of_user(self._db, user_id) if c.expires_at > now_epoch_seconds
        ]
        return sorted(live, key=lambda connection: connection.connection_id)

    @translating_errors
    def connections_for_group(self, group_id: str, now_epoch_seconds: int) -> list[Connection]:
        """Return the group's unexpired subscribed connections, by connectionId (one Query).

        TTL deletes expired items lazily (typically within days), so the expiry is also
        filtered here. The Query is strongly consistent: a connection subscribed just before a
        message is sent must receive it.
        """
        db = self._db
        items = query_items(
            db.client,
            {
                "TableName": db.name(SUBSCRIPTION),
                "KeyConditionExpression": "groupId = :groupId",
                "FilterExpression": "expiresAt > :now",
                "ExpressionAttributeValues": {
                    ":groupId": encode_value(group_id),
                    ":now": encode_value(now_epoch_seconds),
                },
                "ConsistentRead": True,
            },
        )
        return [entity_from_item(Connection, item) for item in items]
