"""Messages in the Message table (partition key messageId) and its GSI1 index.

GSI1PK = "GROUP#<groupId>#THREAD#<threadId>" and GSI1SK = "<createdAt>#<messageId>" list a
thread's messages newest first with one Query. The table also holds one idempotency
sentinel per (sender, clientMessageId); sentinels carry no GSI1 keys, so never show up in
listings.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ourchat.adapters.dynamodb.codec import Item, Scalar, decode_item, encode_item, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import translating_errors
from ourchat.adapters.dynamodb.listing import newest_first
from ourchat.adapters.dynamodb.tables import MESSAGE, MESSAGES_BY_THREAD
from ourchat.domain.models import Message, Page
from ourchat.domain.pagination import message_sort_key, page_of
from ourchat.domain.records import from_record, to_record

SENTINEL_PREFIX = "idempotency#"
JSON_ATTRIBUTES = ("reactions", "replyTo")
ORIGINAL_MESSAGE_ID = "originalMessageId"


def thread_partition(group_id: str, thread_id: str) -> str:
    """Return the GSI1 partition of a thread: "GROUP#<groupId>#THREAD#<threadId>"."""
    return f"GROUP#{group_id}#THREAD#{thread_id}"


def message_item(message: Message) -> Item:
    """Return the item of a message, with its GSI1 keys.

    Reactions and the reply's quote are JSON strings (`reactions`, `replyTo`): read with
    the message, never one more read per message. A reply also carries replyToMessageId,
    the key of the sparse ByReplyTo index.
    """
    record = to_record(message)
    extra: dict[str, Scalar] = {
        "GSI1PK": thread_partition(message.group_id, message.thread_id),
        "GSI1SK": message_sort_key(message),
    }
    for name in JSON_ATTRIBUTES:
        if name in record:
            record[name] = json.dumps(record[name], ensure_ascii=False)
    if message.reply_to is not None:
        extra["replyToMessageId"] = message.reply_to.message_id
    return encode_item(record | extra)


def message_from_item(item: Mapping[str, Mapping[str, object]]) -> Message:
    """Build a Message from its item (the JSON attributes decoded)."""
    record: dict[str, object] = dict(decode_item(item))
    for name in JSON_ATTRIBUTES:
        if name in record:
            record[name] = json.loads(str(record[name]))
    return from_record(Message, record)


def sentinel_id(sender_user_id: str, client_message_id: str) -> str:
    """Return the messageId of the idempotency sentinel of a (sender, clientMessageId).

    User ids cannot contain "#", so the two parts never run into each other.
    """
    return f"{SENTINEL_PREFIX}{sender_user_id}#{client_message_id}"


def sentinel_item(message: Message, client_message_id: str) -> Item:
    """Return the sentinel that marks a clientMessageId of the sender as used."""
    return key(
        messageId=sentinel_id(message.sender_user_id, client_message_id),
        **{ORIGINAL_MESSAGE_ID: message.message_id},
    )


def get_message(db: DynamoDbTables, message_id: str) -> Message | None:
    """Return a message, or None (strongly consistent GetItem)."""
    response = db.client.get_item(
        TableName=db.name(MESSAGE), Key=key(messageId=message_id), ConsistentRead=True
    )
    item = response.get("Item")
    return message_from_item(item) if item is not None else None


def original_message_id(db: DynamoDbTables, message: Message, client_message_id: str) -> str | None:
    """Return the id of the message a sentinel points to, or None (consistent GetItem)."""
    response = db.client.get_item(
        TableName=db.name(MESSAGE),
        Key=key(messageId=sentinel_id(message.sender_user_id, client_message_id)),
        ConsistentRead=True,
    )
    item = response.get("Item", {})
    return item[ORIGINAL_MESSAGE_ID].get("S") if ORIGINAL_MESSAGE_ID in item else None


class DynamoDbMessages:
    """Message listing; a part of `DynamoDbStore`."""

    _db: DynamoDbTables

    @translating_errors
    def list_messages(
        self, group_id: str, thread_id: str, *, before_key: str | None, limit: int
    ) -> Page[Message]:
        """Return a page of a thread's messages, newest first (one Query on GSI1)."""
        db = self._db
        items = newest_first(
            db.client,
            table_name=db.name(MESSAGE),
            index=MESSAGE.index(MESSAGES_BY_THREAD),
            partition_value=thread_partition(group_id, thread_id),
            before_key=before_key,
            limit=limit,
        )
        messages = [message_from_item(item) for item in items]
        return page_of(messages, limit, message_sort_key)
