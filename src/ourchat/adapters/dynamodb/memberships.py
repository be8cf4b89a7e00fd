"""Memberships in the Membership table (groupId, userId) and its ByUser index.

Joining writes the membership and the subscriptions of the member's known connections in the
group change's transaction; `finish_join` catches a connection registered meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ourchat.adapters.dynamodb.codec import Item, encode_value, entity_from_item, entity_item, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import translating_errors
from ourchat.adapters.dynamodb.reads import batch_get_items, query_items
from ourchat.adapters.dynamodb.subscriptions import connections_of_user, subscription_put
from ourchat.adapters.dynamodb.tables import MEMBERSHIP, MEMBERSHIPS_BY_USER
from ourchat.adapters.dynamodb.writes import TRANSACTION_MAX_ITEMS, transact_in_chunks
from ourchat.domain.models import Membership

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef


def select_membership(db: DynamoDbTables, group_id: str, user_id: str) -> Membership | None:
    """Return the membership, or None (strongly consistent GetItem)."""
    response = db.client.get_item(
        TableName=db.name(MEMBERSHIP),
        Key=key(groupId=group_id, userId=user_id),
        ConsistentRead=True,
    )
    item = response.get("Item")
    return entity_from_item(Membership, item) if item is not None else None


def memberships_of_user(db: DynamoDbTables, user_id: str) -> list[Membership]:
    """Return every membership of a user (Query on the eventually consistent ByUser index)."""
    items = query_items(
        db.client,
        {
            "TableName": db.name(MEMBERSHIP),
            "IndexName": MEMBERSHIPS_BY_USER,
            "KeyConditionExpression": "userId = :userId",
            "ExpressionAttributeValues": {":userId": encode_value(user_id)},
        },
    )
    return [entity_from_item(Membership, item) for item in items]


def membership_put(db: DynamoDbTables, membership: Membership) -> TransactWriteItemTypeDef:
    """The write of a new membership: refused if the user is a member already."""
    return {
        "Put": {
            "TableName": db.name(MEMBERSHIP),
            "Item": entity_item(membership),
            "ConditionExpression": "attribute_not_exists(userId)",
        }
    }


def member_key(group_id: str, user_id: str) -> Item:
    """The key of a membership item."""
    return key(groupId=group_id, userId=user_id)


@dataclass(frozen=True, slots=True)
class Joining:
    """The subscriptions of a new member's known connections, to write with the membership.

    Args:
        actions: One subscription put per known connection.
        subscribed: The ids of the connections these actions subscribe.
    """

    actions: list[TransactWriteItemTypeDef]
    subscribed: frozenset[str]


def prepare_join(db: DynamoDbTables, membership: Membership, other_actions: int) -> Joining:
    """Read the member's connections (consistent Query) and return their subscriptions.

    Args:
        db: The tables.
        membership: The new membership.
        other_actions: How many actions the caller's transaction holds besides these.
    """
    room = TRANSACTION_MAX_ITEMS - other_actions
    known = connections_of_user(db, membership.user_id)[:room]
    subscriptions = [subscription_put(db, membership.group_id, c) for c in known]
    return Joining(subscriptions, frozenset(c.connection_id for c in known))


def finish_join(db: DynamoDbTables, membership: Membership, joining: Joining) -> None:
    """Subscribe the member's connections that `prepare_join` did not see.

    A connection registered meanwhile may have missed the new membership, because its read
    of the ByUser index is eventually consistent; this second consistent read of the
    connections, made after the membership was written, catches it. docs/design.md
    discusses the race. Costs one Query, plus a TransactWriteItems only if there are any.
    """
    late = [
        connection
        for connection in connections_of_user(db, membership.user_id)
        if connection.connection_id not in joining.subscribed
    ]
    transact_in_chunks(db.client, [subscription_put(db, membership.group_id, c) for c in late])


class DynamoDbMembershipReads:
    """Membership reads; a part of `DynamoDbStore` (the writes are in `member_changes`)."""

    _db: DynamoDbTables

    @translating_errors
    def get_membership(self, group_id: str, user_id: str) -> Membership | None:
        """Return the membership, or None (strongly consistent GetItem)."""
        return select_membership(self._db, group_id, user_id)

    @translating_errors
    def list_memberships_of_user(self, user_id: str) -> list[Membership]:
        """Return every membership of a user, in no particular order (one Query on ByUser)."""
        return memberships_of_user(self._db, user_id)

    @translating_errors
    def get_memberships_of(self, user_id: str, group_ids: Sequence[str]) -> list[Membership]:
        """Return the user's memberships of those groups (strongly consistent BatchGetItem)."""
        db = self._db
        keys = [key(groupId=g, userId=user_id) for g in dict.fromkeys(group_ids)]
        items = batch_get_items(db.client, db.name(MEMBERSHIP), keys, consistent=True)
        return [entity_from_item(Membership, item) for item in items]

    @translating_errors
    def has_other_members(self, group_id: str, user_id: str) -> bool:
        """Tell whether anyone but `user_id` is a member (a Query of two items at most)."""
        db = self._db
        items = query_items(
            db.client,
            {
                "TableName": db.name(MEMBERSHIP),
                "KeyConditionExpression": "groupId = :groupId",
                "ExpressionAttributeValues": {":groupId": encode_value(group_id)},
                "ProjectionExpression": "userId",
                "ConsistentRead": True,
            },
            max_items=2,
        )
        return any(str(item["userId"]["S"]) != user_id for item in items)
