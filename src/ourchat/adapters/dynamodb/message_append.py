"""Appending a message: one TransactWriteItems that also takes the group's next seq.

The transaction puts the message (and, for a clientMessageId, an idempotency sentinel),
raises the thread's lastMessageAt, and moves the group's seq on by one while raising the
group's lastMessageAt (`history.commit_group_change`). Every write of a thread or group
passes that seq, so the thread and group read just before are current: lastMessageAt is set
to the larger of the stored one and the message's, and never goes back.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ourchat.adapters.dynamodb.codec import Item, encode_value, entity_from_item, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import translating_errors
from ourchat.adapters.dynamodb.history import Change, ChangeRefused, commit_group_change, seq_of
from ourchat.adapters.dynamodb.messages import (
    ORIGINAL_MESSAGE_ID,
    get_message,
    message_item,
    original_message_id,
    sentinel_item,
)
from ourchat.adapters.dynamodb.tables import MESSAGE, THREAD
from ourchat.domain.errors import Conflict, InternalError, NotFound
from ourchat.domain.models import Message, Thread
from ourchat.domain.pagination import sort_key

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

# The positions of the message's and the sentinel's puts among the change's actions (the
# sentinel only with a clientMessageId; the thread's update comes after them).
MESSAGE_PUT, SENTINEL_PUT = 0, 1


class _NoThread(Exception):
    """The message names a thread that does not exist in its group."""


def _put_new(table: str, item: Item) -> TransactWriteItemTypeDef:
    return {
        "Put": {
            "TableName": table,
            "Item": item,
            "ConditionExpression": "attribute_not_exists(messageId)",
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
    }


def _thread_update(db: DynamoDbTables, thread: Thread, at: str) -> TransactWriteItemTypeDef:
    return {
        "Update": {
            "TableName": db.name(THREAD),
            "Key": key(threadId=thread.thread_id),
            "UpdateExpression": "SET lastMessageAt = :at, lastMessageKey = :key",
            "ConditionExpression": "attribute_exists(threadId) AND groupId = :groupId",
            "ExpressionAttributeValues": {
                ":groupId": encode_value(thread.group_id),
                ":at": encode_value(at),
                ":key": encode_value(sort_key(at, thread.thread_id)),
            },
        }
    }


def _read_thread(db: DynamoDbTables, message: Message) -> Thread:
    response = db.client.get_item(
        TableName=db.name(THREAD), Key=key(threadId=message.thread_id), ConsistentRead=True
    )
    item = response.get("Item")
    thread = entity_from_item(Thread, item) if item is not None else None
    if thread is None or thread.group_id != message.group_id:
        raise _NoThread
    return thread


class DynamoDbMessageAppend:
    """Message appends; a part of `DynamoDbStore`."""

    _db: DynamoDbTables

    @translating_errors
    def append_message(self, message: Message) -> Message:
        """Store a message with its seq and raise lastMessageAt (one TransactWriteItems).

        Returns:
            This message with its seq, or the original one when the sender's
            clientMessageId was used before (whatever thread this one names).

        Raises:
            NotFound: The thread does not exist or is not in the message's group.
            Conflict: A different message with this id exists.
            InternalError: The group stayed too busy (contention, throttling).
        """
        db = self._db

        def plan(group: Item) -> Change[Message]:
            thread = _read_thread(db, message)
            stored = replace(message, seq=seq_of(group) + 1)
            actions = [_put_new(db.name(MESSAGE), message_item(stored))]
            if message.client_message_id is not None:
                sentinel = sentinel_item(message, message.client_message_id)
                actions.append(_put_new(db.name(MESSAGE), sentinel))
            at = max(thread.last_message_at, message.created_at)
            actions.append(_thread_update(db, thread, at))
            group_at = max(str(group["lastMessageAt"]["S"]), message.created_at)
            return Change(
                actions,
                group_sets={"lastMessageAt": group_at},
                result=lambda _seq, _events: stored,
                extra_seqs=1,
            )

        try:
            return commit_group_change(db, message.group_id, plan)
        except (_NoThread, NotFound):
            original = self._original(message, None)
            if original is None:
                raise NotFound(
                    f"thread {message.thread_id} does not exist in group {message.group_id}"
                ) from None
            return original
        except ChangeRefused as refused:
            if refused.index == SENTINEL_PUT and message.client_message_id is not None:
                original = self._original(message, refused.item)
                if original is None:
                    raise InternalError(
                        "the original of this clientMessageId is missing; try again"
                    ) from None
                return original
            if refused.index == MESSAGE_PUT:
                existing = get_message(db, message.message_id)
                if existing is None or replace(existing, seq=None) != message:
                    raise Conflict(f"message {message.message_id} exists already") from None
                return existing
            raise NotFound(
                f"thread {message.thread_id} does not exist in group {message.group_id}"
            ) from None

    def _original(self, message: Message, sentinel: Item | None) -> Message | None:
        """The message a retried send's clientMessageId first stored, or None."""
        if message.client_message_id is None:
            return None
        original_id = (sentinel or {}).get(ORIGINAL_MESSAGE_ID, {}).get("S") or (
            original_message_id(self._db, message, message.client_message_id)
        )
        return get_message(self._db, original_id) if original_id is not None else None
