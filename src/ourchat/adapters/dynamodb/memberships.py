"""Memberships in the Membership table (groupId, userId) and its ByUser index."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from ourchat.adapters.dynamodb.codec import encode_value, entity_from_item, entity_item, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import (
    REASON_CONDITION_FAILED,
    TRANSACTION_CANCELED,
    cancellation_reasons,
    error_code,
    translating_errors,
)
from ourchat.adapters.dynamodb.reads import query_items
from ourchat.adapters.dynamodb.subscriptions import connections_of_user, subscription_put
from ourchat.adapters.dynamodb.tables import MEMBERSHIP, MEMBERSHIPS_BY_USER
from ourchat.adapters.dynamodb.writes import TRANSACTION_MAX_ITEMS, transact_in_chunks
from ourchat.domain.errors import Conflict
from ourchat.domain.models import Membership

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef


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


@dataclass(frozen=True, slots=True)
class Joining:
    """The writes that make a user a member, and the connections they subscribe.

    Args:
        actions: The membership put (first), then one subscription put per known connection.
        subscribed: The ids of the connections these actions subscribe.
    """

    actions: list[TransactWriteItemTypeDef]
    subscribed: frozenset[str]


def prepare_join(db: DynamoDbTables, membership: Membership, other_actions: int) -> Joining:
    """Read the member's connections (consistent Query) and return the writes of joining.

    Args:
        db: The database.
        membership: The new membership.
        other_actions: How many actions the caller's transaction holds besides these.
    """
    room = TRANSACTION_MAX_ITEMS - other_actions - 1
    known = connections_of_user(db, membership.user_id)[:room]
    put: TransactWriteItemTypeDef = {
        "Put": {
            "TableName": db.name(MEMBERSHIP),
            "Item": entity_item(membership),
            "ConditionExpression": "attribute_not_exists(userId)",
        }
    }
    subscriptions = [subscription_put(db, membership.group_id, c) for c in known]
    return Joining([put, *subscriptions], frozenset(c.connection_id for c in known))


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


class DynamoDbMemberships:
    """Membership operations; a part of `DynamoDbStore`."""

    _db: DynamoDbTables

    @translating_errors
    def get_membership(self, group_id: str, user_id: str) -> Membership | None:
        """Return the membership, or None (strongly consistent GetItem)."""
        db = self._db
        response = db.client.get_item(
            TableName=db.name(MEMBERSHIP),
            Key=key(groupId=group_id, userId=user_id),
            ConsistentRead=True,
        )
        item = response.get("Item")
        return entity_from_item(Membership, item) if item is not None else None

    @translating_errors
    def add_membership(self, membership: Membership) -> None:
        """Add a member and subscribe the member's connections to the group.

        The membership and the subscriptions of the member's connections are written in one
        transaction; see `finish_join` for connections registered meanwhile.

        Raises:
            Conflict: The user is a member already.
        """
        db = self._db
        joining = prepare_join(db, membership, 0)
        try:
            db.client.transact_write_items(TransactItems=joining.actions)
        except ClientError as error:
            reasons = cancellation_reasons(error)
            if error_code(error) == TRANSACTION_CANCELED and reasons[:1] == [
                REASON_CONDITION_FAILED
            ]:
                raise Conflict(f"{membership.user_id} is a member of this group already") from error
            raise
        finish_join(db, membership, joining)

    @translating_errors
    def list_memberships_of_user(self, user_id: str) -> list[Membership]:
        """Return every membership of a user, in no particular order (one Query on ByUser)."""
        return memberships_of_user(self._db, user_id)
