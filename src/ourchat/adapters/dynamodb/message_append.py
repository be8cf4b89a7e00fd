"""Appending a message: one TransactWriteItems that also raises lastMessageAt.

The transaction puts the message (and, for a clientMessageId, an idempotency sentinel) and
raises the thread's and the group's lastMessageAt to the message's createdAt, each under a
condition that the stored value is lower. When a concurrent newer message got there first,
that condition fails; since lastMessageAt only ever grows, the update is then replaced by a
check that the item still exists, and the transaction is tried again. docs/design.md
explains why this keeps lastMessageAt equal to the newest createdAt.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from botocore.exceptions import ClientError

from ourchat.adapters.dynamodb.codec import Item, encode_value, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import (
    REASON_CONDITION_FAILED,
    TRANSACTION_CANCELED,
    TRY_AGAIN,
    error_code,
    is_transient,
    translating_errors,
)
from ourchat.adapters.dynamodb.messages import (
    ORIGINAL_MESSAGE_ID,
    get_message,
    message_item,
    original_message_id,
    sentinel_item,
)
from ourchat.adapters.dynamodb.reads import backoff_seconds
from ourchat.adapters.dynamodb.tables import GROUP, MESSAGE, THREAD
from ourchat.domain.errors import Conflict, InternalError, NotFound
from ourchat.domain.models import Message
from ourchat.domain.pagination import sort_key

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

MAX_APPEND_ATTEMPTS = 4
# Labels of the transaction's actions, to match CancellationReasons (one per action, in order).
MESSAGE_PUT, SENTINEL_PUT, THREAD_WRITE, GROUP_WRITE = "message", "sentinel", "thread", "group"

Actions = list[tuple[str, "TransactWriteItemTypeDef"]]
# The action labels whose condition failed, each with the item as it was (None: no item).
Failures = dict[str, Item | None]


@dataclass(frozen=True, slots=True)
class _Plan:
    """Whether the thread's and the group's lastMessageAt still need raising."""

    raise_thread: bool = True
    raise_group: bool = True


def _put_new(table: str, item: Item) -> TransactWriteItemTypeDef:
    return {
        "Put": {
            "TableName": table,
            "Item": item,
            "ConditionExpression": "attribute_not_exists(messageId)",
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
    }


def _thread_write(db: DynamoDbTables, message: Message, raise_it: bool) -> TransactWriteItemTypeDef:
    in_group = "attribute_exists(threadId) AND groupId = :groupId"
    group_id = encode_value(message.group_id)
    if not raise_it:
        return {
            "ConditionCheck": {
                "TableName": db.name(THREAD),
                "Key": key(threadId=message.thread_id),
                "ConditionExpression": in_group,
                "ExpressionAttributeValues": {":groupId": group_id},
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            }
        }
    return {
        "Update": {
            "TableName": db.name(THREAD),
            "Key": key(threadId=message.thread_id),
            "UpdateExpression": "SET lastMessageAt = :at, lastMessageKey = :key",
            "ConditionExpression": in_group + " AND lastMessageAt < :at",
            "ExpressionAttributeValues": {
                ":groupId": group_id,
                ":at": encode_value(message.created_at),
                ":key": encode_value(sort_key(message.created_at, message.thread_id)),
            },
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
    }


def _group_write(db: DynamoDbTables, message: Message, raise_it: bool) -> TransactWriteItemTypeDef:
    if not raise_it:
        return {
            "ConditionCheck": {
                "TableName": db.name(GROUP),
                "Key": key(groupId=message.group_id),
                "ConditionExpression": "attribute_exists(groupId)",
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            }
        }
    return {
        "Update": {
            "TableName": db.name(GROUP),
            "Key": key(groupId=message.group_id),
            "UpdateExpression": "SET lastMessageAt = :at",
            "ConditionExpression": "attribute_exists(groupId) AND lastMessageAt < :at",
            "ExpressionAttributeValues": {":at": encode_value(message.created_at)},
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
    }


def _actions(db: DynamoDbTables, message: Message, plan: _Plan) -> Actions:
    actions: Actions = [(MESSAGE_PUT, _put_new(db.name(MESSAGE), message_item(message)))]
    if message.client_message_id is not None:
        sentinel = sentinel_item(message, message.client_message_id)
        actions.append((SENTINEL_PUT, _put_new(db.name(MESSAGE), sentinel)))
    actions.append((THREAD_WRITE, _thread_write(db, message, plan.raise_thread)))
    actions.append((GROUP_WRITE, _group_write(db, message, plan.raise_group)))
    return actions


def _failures(error: ClientError, actions: Actions) -> Failures:
    reasons = error.response.get("CancellationReasons", [])
    return {
        label: cast("Item | None", reason.get("Item"))
        for (label, _), reason in zip(actions, reasons, strict=False)
        if reason.get("Code") == REASON_CONDITION_FAILED
    }


def _not_found(message: Message) -> NotFound:
    return NotFound(f"thread {message.thread_id} does not exist in group {message.group_id}")


def _replan(message: Message, plan: _Plan, failures: Failures) -> _Plan:
    """Turn failed lastMessageAt raises into checks, or raise NotFound for a missing item.

    Raises:
        NotFound: The thread is missing or in another group, or the group is missing.
    """
    raise_thread, raise_group = plan.raise_thread, plan.raise_group
    if THREAD_WRITE in failures:
        thread = failures[THREAD_WRITE]
        if thread is None or thread.get("groupId", {}).get("S") != message.group_id:
            raise _not_found(message)
        raise_thread = False  # A message at least as new raised it already.
    if GROUP_WRITE in failures:
        if failures[GROUP_WRITE] is None:
            raise _not_found(message)
        raise_group = False
    return _Plan(raise_thread, raise_group)


def _stored_instead(db: DynamoDbTables, message: Message, failures: Failures) -> Message | None:
    """Return the message stored before this one, when the send repeats an earlier one.

    Raises:
        Conflict: The messageId is taken by a different message.
        InternalError: A sentinel points to a message that is not there.
    """
    if SENTINEL_PUT in failures and message.client_message_id is not None:
        sentinel = failures[SENTINEL_PUT] or {}
        original_id = sentinel.get(ORIGINAL_MESSAGE_ID, {}).get("S") or original_message_id(
            db, message, message.client_message_id
        )
        original = get_message(db, original_id) if original_id is not None else None
        if original is None:
            raise InternalError("the original of this clientMessageId is missing; try again")
        return original
    if MESSAGE_PUT in failures:
        existing = get_message(db, message.message_id)
        if existing != message:
            raise Conflict(f"message {message.message_id} exists already")
        return existing
    return None


class DynamoDbMessageAppend:
    """Message appends; a part of `DynamoDbStore`."""

    _db: DynamoDbTables

    @translating_errors
    def append_message(self, message: Message) -> Message:
        """Store a message and raise its thread's and group's lastMessageAt (TransactWriteItems).

        Returns:
            This message, or the original one when the sender's clientMessageId was used before.

        Raises:
            NotFound: The thread does not exist or is not in the message's group.
            InternalError: The transaction kept failing (contention, throttling).
        """
        db = self._db
        plan = _Plan()
        for attempt in range(MAX_APPEND_ATTEMPTS):
            actions = _actions(db, message, plan)
            try:
                db.client.transact_write_items(TransactItems=[action for _, action in actions])
            except ClientError as error:
                if error_code(error) != TRANSACTION_CANCELED:
                    raise
                failures = _failures(error, actions)
                stored = _stored_instead(db, message, failures)
                if stored is not None:
                    return stored
                if failures:
                    plan = _replan(message, plan, failures)
                elif is_transient(error):
                    time.sleep(backoff_seconds(attempt))
                else:
                    raise
                continue
            return message
        raise InternalError(TRY_AGAIN)
