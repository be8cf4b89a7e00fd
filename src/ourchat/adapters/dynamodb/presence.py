"""Presence, presence watches and typing marks on DynamoDB.

- Presence: the User item's `liveConnections`, a string set of "<expiresAt>#<connectionId>".
  `ADD` and `DELETE` on a set are atomic, and the set as it was (or is) comes back with the
  update, so of racing connects exactly one sees no live element before it. An element whose
  `$disconnect` never came expires with its connection and is pruned at the next connect.
- Watches: the Subscription item of the watched group carries `watchGroupId`, the key of the
  sparse ByWatch index, and the Connection item remembers it so that a new watch can end the
  old one. A membership's end deletes its subscriptions, and the watch with them.
- Typing: a conditional UpdateItem on the Membership item (`typingThreadId`, `typingAt`).
"""

from __future__ import annotations

from collections.abc import Sequence

from botocore.exceptions import ClientError

from ourchat.adapters.dynamodb.codec import encode_value, entity_from_item, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import (
    CONDITIONAL_CHECK_FAILED,
    error_code,
    translating_errors,
)
from ourchat.adapters.dynamodb.reads import batch_get_items, query_items
from ourchat.adapters.dynamodb.tables import (
    CONNECTION,
    MEMBERSHIP,
    SUBSCRIPTION,
    SUBSCRIPTIONS_BY_WATCH,
    USER,
)
from ourchat.domain.errors import NotFound
from ourchat.domain.models import Connection

LIVE = "liveConnections"
WATCH = "watchGroupId"


def _element(connection_id: str, expires_at: int) -> str:
    return f"{expires_at}#{connection_id}"


def _live(elements: object, now: int) -> list[str]:
    """The elements of a liveConnections set that have not expired."""
    values = elements.get("SS", []) if isinstance(elements, dict) else []
    return [e for e in values if int(e.partition("#")[0]) > now]


class DynamoDbPresence:
    """Presence and typing; a part of `DynamoDbStore`."""

    _db: DynamoDbTables

    @translating_errors
    def come_online(self, connection: Connection, now_epoch_seconds: int) -> bool:
        """ADD the connection to the user's set (one UpdateItem returning the set as it was;
        one more to prune expired elements, when there are any)."""
        db = self._db
        try:
            response = db.client.update_item(
                TableName=db.name(USER),
                Key=key(userId=connection.user_id),
                UpdateExpression="ADD #live :element",
                ConditionExpression="attribute_exists(userId)",
                ExpressionAttributeNames={"#live": LIVE},
                ExpressionAttributeValues={
                    ":element": {"SS": [_element(connection.connection_id, connection.expires_at)]}
                },
                ReturnValues="UPDATED_OLD",
            )
        except ClientError as error:
            if error_code(error) != CONDITIONAL_CHECK_FAILED:
                raise
            raise NotFound(f"there is no user {connection.user_id}") from None
        before = response.get("Attributes", {}).get(LIVE)
        elements = before.get("SS", []) if isinstance(before, dict) else []
        expired = [e for e in elements if int(e.partition("#")[0]) <= now_epoch_seconds]
        if expired:
            db.client.update_item(
                TableName=db.name(USER),
                Key=key(userId=connection.user_id),
                UpdateExpression="DELETE #live :expired",
                ExpressionAttributeNames={"#live": LIVE},
                ExpressionAttributeValues={":expired": {"SS": expired}},
            )
        return not _live(before, now_epoch_seconds)

    @translating_errors
    def go_offline(self, user_id: str, connection_id: str, now_epoch_seconds: int) -> bool:
        """DELETE the connection's element (a GetItem finds it, then one UpdateItem returns
        the set as it is after)."""
        db = self._db
        response = db.client.get_item(
            TableName=db.name(USER),
            Key=key(userId=user_id),
            ProjectionExpression="#live",
            ExpressionAttributeNames={"#live": LIVE},
            ConsistentRead=True,
        )
        found: object = response.get("Item", {}).get(LIVE)
        elements = found.get("SS", []) if isinstance(found, dict) else []
        mine = [e for e in elements if e.partition("#")[2] == connection_id]
        if not mine:
            return False
        updated = db.client.update_item(
            TableName=db.name(USER),
            Key=key(userId=user_id),
            UpdateExpression="DELETE #live :mine",
            ExpressionAttributeNames={"#live": LIVE},
            ExpressionAttributeValues={":mine": {"SS": mine}},
            ReturnValues="UPDATED_NEW",
        )
        # A set emptied by DELETE is removed, and then nothing comes back.
        after: object = updated.get("Attributes", {}).get(LIVE)
        return not _live(after, now_epoch_seconds)

    @translating_errors
    def online_users(self, user_ids: Sequence[str], now_epoch_seconds: int) -> set[str]:
        """Return which users have a live element (one BatchGetItem of their sets)."""
        db = self._db
        keys = [key(userId=u) for u in dict.fromkeys(user_ids)]
        items = batch_get_items(db.client, db.name(USER), keys, projection=f"userId, {LIVE}")
        return {
            str(item["userId"]["S"]) for item in items if _live(item.get(LIVE), now_epoch_seconds)
        }

    @translating_errors
    def watch_presence(self, user_id: str, connection_id: str, group_id: str | None) -> None:
        """Move the connection's watch: GetItem the Connection, UpdateItem the old and the
        new Subscription, UpdateItem the Connection."""
        db = self._db
        connection_key = key(userId=user_id, connectionId=connection_id)
        response = db.client.get_item(
            TableName=db.name(CONNECTION), Key=connection_key, ConsistentRead=True
        )
        item = response.get("Item")
        if item is None:
            raise NotFound("this connection is not one of yours")
        previous = item.get(WATCH, {}).get("S")
        if previous is not None and previous != group_id:
            self._mark_subscription(previous, connection_id, None)
        if group_id is not None and not self._mark_subscription(group_id, connection_id, group_id):
            raise NotFound("this connection does not get the group's events yet; reconnect")
        update = (
            {
                "UpdateExpression": "SET #w = :g",
                "ExpressionAttributeValues": {":g": encode_value(group_id)},
            }
            if group_id is not None
            else {"UpdateExpression": "REMOVE #w"}
        )
        db.client.update_item(
            TableName=db.name(CONNECTION),
            Key=connection_key,
            ExpressionAttributeNames={"#w": WATCH},
            **update,
        )

    def _mark_subscription(self, group_id: str, connection_id: str, watch: str | None) -> bool:
        """Set or remove watchGroupId on a subscription that exists; tell whether it did."""
        db = self._db
        expression = "SET #w = :g" if watch is not None else "REMOVE #w"
        values = {":g": encode_value(watch)} if watch is not None else None
        try:
            db.client.update_item(
                TableName=db.name(SUBSCRIPTION),
                Key=key(groupId=group_id, connectionId=connection_id),
                UpdateExpression=expression,
                ConditionExpression="attribute_exists(connectionId)",
                ExpressionAttributeNames={"#w": WATCH},
                **({"ExpressionAttributeValues": values} if values else {}),  # type: ignore[arg-type]
            )
        except ClientError as error:
            if error_code(error) != CONDITIONAL_CHECK_FAILED:
                raise
            return False
        return True

    @translating_errors
    def presence_watchers(self, group_id: str, now_epoch_seconds: int) -> list[Connection]:
        """Return the group's live watching connections (one Query on ByWatch)."""
        db = self._db
        items = query_items(
            db.client,
            {
                "TableName": db.name(SUBSCRIPTION),
                "IndexName": SUBSCRIPTIONS_BY_WATCH,
                "KeyConditionExpression": "#w = :g",
                "FilterExpression": "expiresAt > :now",
                "ExpressionAttributeNames": {"#w": WATCH},
                "ExpressionAttributeValues": {
                    ":g": encode_value(group_id),
                    ":now": encode_value(now_epoch_seconds),
                },
            },
        )
        found = [entity_from_item(Connection, item) for item in items]
        return sorted(found, key=lambda connection: connection.connection_id)

    @translating_errors
    def note_typing(
        self,
        group_id: str,
        user_id: str,
        thread_id: str,
        now_ms: int,
        repeat_ms: int,
        switch_ms: int,
    ) -> bool:
        """Stamp the membership unless it typed in that thread within `repeat_ms`, or in any
        thread within `switch_ms` (one conditional UpdateItem)."""
        db = self._db
        try:
            db.client.update_item(
                TableName=db.name(MEMBERSHIP),
                Key=key(groupId=group_id, userId=user_id),
                UpdateExpression="SET typingThreadId = :t, typingAt = :now",
                ConditionExpression=(
                    "attribute_exists(userId) AND (attribute_not_exists(typingAt)"
                    " OR typingAt <= :cutoff OR (typingThreadId <> :t AND typingAt <= :switch))"
                ),
                ExpressionAttributeValues={
                    ":t": encode_value(thread_id),
                    ":now": encode_value(now_ms),
                    ":cutoff": encode_value(now_ms - repeat_ms),
                    ":switch": encode_value(now_ms - switch_ms),
                },
            )
        except ClientError as error:
            if error_code(error) != CONDITIONAL_CHECK_FAILED:
                raise
            return False
        return True
