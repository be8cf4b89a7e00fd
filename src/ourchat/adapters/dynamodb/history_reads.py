"""Reading a group's history on DynamoDB: GroupEvent items and messages, merged by seq."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ourchat.adapters.dynamodb.codec import Item, encode_value, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import translating_errors
from ourchat.adapters.dynamodb.history import decode_event_data
from ourchat.adapters.dynamodb.messages import message_from_item
from ourchat.adapters.dynamodb.reads import batch_get_items, query_items
from ourchat.adapters.dynamodb.tables import GROUP_EVENT, MESSAGE, MESSAGES_BY_SEQ
from ourchat.domain.events import MESSAGE_CREATED
from ourchat.domain.models import Message
from ourchat.domain.records import to_record
from ourchat.ports.stores.events import LoggedEvent

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import AttributeValueTypeDef, QueryInputTypeDef


def _seq(item: Item) -> int:
    return int(str(item["seq"]["N"]))


def _after(
    table: str, group_id: str, after_seq: int, **more: AttributeValueTypeDef
) -> QueryInputTypeDef:
    return {
        "TableName": table,
        "KeyConditionExpression": "groupId = :groupId AND seq > :after",
        "ExpressionAttributeValues": {
            ":groupId": encode_value(group_id),
            ":after": encode_value(after_seq),
            **{f":{name}": value for name, value in more.items()},
        },
    }


class DynamoDbHistory:
    """Reading the history; a part of `DynamoDbStore`."""

    _db: DynamoDbTables

    @translating_errors
    def read_events(
        self, group_id: str, *, after_seq: int, limit: int, now_epoch_seconds: int
    ) -> list[LoggedEvent]:
        """Return up to `limit` events after `after_seq`, by seq.

        Costs two Queries of at most `limit` items each (GroupEvent, strongly consistent and
        filtered on expiresAt; the messages' ByGroupSeq index), and one BatchGetItem for the
        messages that later events name.
        """
        db = self._db
        now = encode_value(now_epoch_seconds)
        logged_query = _after(db.name(GROUP_EVENT), group_id, after_seq, now=now)
        logged_query["FilterExpression"] = "expiresAt > :now"
        logged_query["ConsistentRead"] = True
        messages_query = _after(db.name(MESSAGE), group_id, after_seq)
        messages_query["IndexName"] = MESSAGES_BY_SEQ
        merged = sorted(
            [
                *query_items(db.client, logged_query, max_items=limit),
                *query_items(db.client, messages_query, max_items=limit),
            ],
            key=_seq,
        )[:limit]
        current = self._messages_named(merged)
        return [self._logged(group_id, item, current) for item in merged]

    def _messages_named(self, items: list[Item]) -> dict[str, Message]:
        """The current messages that GroupEvent items name by id (one BatchGetItem)."""
        ids = sorted({str(i["messageId"]["S"]) for i in items if "event" in i and "messageId" in i})
        db = self._db
        found = batch_get_items(db.client, db.name(MESSAGE), [key(messageId=m) for m in ids])
        return {m.message_id: m for m in (message_from_item(item) for item in found)}

    @staticmethod
    def _logged(group_id: str, item: Item, current: dict[str, Message]) -> LoggedEvent:
        seq = _seq(item)
        if "event" not in item:  # a message: its own message.created
            return LoggedEvent(MESSAGE_CREATED, group_id, seq, to_record(message_from_item(item)))
        name = str(item["event"]["S"])
        if "messageId" in item:
            return LoggedEvent(name, group_id, seq, to_record(current[str(item["messageId"]["S"])]))
        return LoggedEvent(name, group_id, seq, decode_event_data(item))
