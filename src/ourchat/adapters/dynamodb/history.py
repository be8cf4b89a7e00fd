"""The numbered history of each group on DynamoDB: the group's seq, GroupEvent items, and
messages read back by seq.

Every change a group's members are told about commits in one TransactWriteItems that also
moves the group item's `seq` from the value read just before to the next one(s), under the
condition that it is still that value. Two changes racing for the same number cannot both
commit: the loser reads the new seq and tries again. So seqs are gap-free and strictly
increasing, and each is assigned in the same transaction as its change.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from botocore.exceptions import ClientError

from ourchat.adapters.dynamodb.codec import Item, decode_item, encode_value, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import (
    REASON_CONDITION_FAILED,
    TRANSACTION_CANCELED,
    TRY_AGAIN,
    cancellation_reasons,
    error_code,
    is_transient,
)
from ourchat.adapters.dynamodb.tables import GROUP, GROUP_EVENT
from ourchat.domain.errors import InternalError, NotFound
from ourchat.domain.events import GroupEvent, carries_message
from ourchat.domain.limits import EVENT_RETENTION
from ourchat.domain.models import Message
from ourchat.domain.records import to_record

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

T = TypeVar("T")

# Racing writers of one group retry with jittered backoff: each round one of them wins, so a
# busy group's changes queue up rather than fail. Past this long (well inside API Gateway's
# 29 s integration timeout) a change is reported as a retryable failure.
RETRY_SECONDS = 10.0
BACKOFF_BASE_SECONDS = 0.01
BACKOFF_CAP_SECONDS = 0.2
RETENTION_SECONDS = int(EVENT_RETENTION.total_seconds())


@dataclass
class Change(Generic[T]):
    """What one attempt at a group change writes, and what it returns once committed.

    Args:
        actions: Writes of other items than the group's, in the same transaction.
        events: The events it logs, in order, each given the next seq.
        group_sets: More attributes to SET on the group item (e.g. lastMessageAt).
        group_removes: Attributes to REMOVE from the group item.
        result: Returns the change's result from the first seq it took and the numbered
            events.
        extra_seqs: Seqs taken before the events for what is not a GroupEvent item (a
            message, which is its own message.created event).
    """

    actions: list[TransactWriteItemTypeDef] = field(default_factory=list)
    events: list[GroupEvent] = field(default_factory=list)
    group_sets: dict[str, str | int] = field(default_factory=dict)
    group_removes: list[str] = field(default_factory=list)
    result: Callable[[int, list[GroupEvent]], T] | None = None
    extra_seqs: int = 0


class ChangeRefused(Exception):
    """A condition of one of the change's own actions failed (not the group's seq).

    Args:
        index: The position of the failed action in `Change.actions`.
        item: The item as it was, when DynamoDB returned it.
    """

    def __init__(self, index: int, item: Item | None) -> None:
        super().__init__(f"action {index} of the change was refused")
        self.index = index
        self.item = item


def read_group(db: DynamoDbTables, group_id: str) -> Item:
    """Read a group item, strongly consistent.

    Raises:
        NotFound: There is no such group.
    """
    response = db.client.get_item(
        TableName=db.name(GROUP), Key=key(groupId=group_id), ConsistentRead=True
    )
    item = response.get("Item")
    if item is None:
        raise NotFound(f"there is no group {group_id}")
    return item


def seq_of(item: Item) -> int:
    """The seq of a group item; 0 for a group that has logged nothing yet."""
    value = item.get("seq")
    return int(str(value["N"])) if value is not None and "N" in value else 0


def event_item(event: GroupEvent, expires_at: int) -> Item:
    """The GroupEvent item of a numbered event; a message's event keeps only its id."""
    if carries_message(event.name):
        if not isinstance(event.payload, Message):
            raise TypeError(f"{event.name} carries a Message")
        body = {"messageId": encode_value(event.payload.message_id)}
    else:
        body = {"data": encode_value(json.dumps(to_record(event.payload)))}
    return {
        "groupId": encode_value(event.group_id),
        "seq": encode_value(event.seq),
        "event": encode_value(event.name),
        "expiresAt": encode_value(expires_at),
        **body,
    }


def commit_group_change(db: DynamoDbTables, group_id: str, plan: Callable[[Item], Change[T]]) -> T:
    """Commit a change of a group with its events, numbered by the group's seq.

    Args:
        plan: Given the group item as just read, returns the change to attempt; it is
            called again after a race for the seq, with the group read again.

    Raises:
        NotFound: The group does not exist.
        ChangeRefused: A condition of the change's own actions failed.
        InternalError: The group stayed too busy, or DynamoDB did.
    """
    lock = db.group_lock(group_id)
    if not lock.acquire(timeout=RETRY_SECONDS):
        raise InternalError(TRY_AGAIN)
    try:
        return _commit(db, group_id, plan)
    finally:
        lock.release()


def _commit(db: DynamoDbTables, group_id: str, plan: Callable[[Item], Change[T]]) -> T:
    deadline = time.monotonic() + RETRY_SECONDS
    attempt = 0
    group: Item | None = None
    while time.monotonic() < deadline:
        attempt += 1
        if group is None:
            group = read_group(db, group_id)
        change = plan(group)
        first = seq_of(group) + 1
        numbered = [
            replace(e, seq=first + change.extra_seqs + i) for i, e in enumerate(change.events)
        ]
        last = first + len(numbered) + change.extra_seqs - 1
        try:
            db.client.transact_write_items(
                TransactItems=[
                    _group_update(db, group_id, seq_of(group), last, change),
                    *change.actions,
                    *_event_puts(db, numbered),
                ]
            )
        except ClientError as error:
            if error_code(error) != TRANSACTION_CANCELED:
                raise
            reasons = cancellation_reasons(error)
            if reasons[:1] == [REASON_CONDITION_FAILED]:
                # Another change took the seq first; the refusal returned the group as it is
                # now, which saves a read per lost race.
                group = _returned_item(error, 0)
                _back_off(attempt)
                continue
            group = None
            for index, reason in enumerate(reasons[1 : 1 + len(change.actions)]):
                if reason == REASON_CONDITION_FAILED:
                    raise ChangeRefused(index, _returned_item(error, index + 1)) from error
            if is_transient(error):
                _back_off(attempt)
                continue
            raise
        if change.result is None:
            raise TypeError("a change must say what it returns")
        return change.result(first, numbered)
    raise InternalError(TRY_AGAIN)


def _group_update(
    db: DynamoDbTables, group_id: str, seen: int, last: int, change: Change[T]
) -> TransactWriteItemTypeDef:
    names = {"#seq": "seq"}
    values = {":seen": encode_value(seen), ":last": encode_value(last)}
    assignments = ["#seq = :last"]
    for index, (name, value) in enumerate(change.group_sets.items()):
        names[f"#a{index}"] = name
        values[f":a{index}"] = encode_value(value)
        assignments.append(f"#a{index} = :a{index}")
    removals = []
    for index, name in enumerate(change.group_removes):
        names[f"#r{index}"] = name
        removals.append(f"#r{index}")
    # A group that has logged nothing yet may have no seq attribute at all.
    unchanged = "#seq = :seen" if seen else "(attribute_not_exists(#seq) OR #seq = :seen)"
    return {
        "Update": {
            "TableName": db.name(GROUP),
            "Key": key(groupId=group_id),
            "UpdateExpression": "SET "
            + ", ".join(assignments)
            + (" REMOVE " + ", ".join(removals) if removals else ""),
            "ConditionExpression": f"attribute_exists(groupId) AND {unchanged}",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
    }


def _event_puts(db: DynamoDbTables, events: Sequence[GroupEvent]) -> list[TransactWriteItemTypeDef]:
    expires_at = int(time.time()) + RETENTION_SECONDS
    return [
        {"Put": {"TableName": db.name(GROUP_EVENT), "Item": event_item(event, expires_at)}}
        for event in events
    ]


def _returned_item(error: ClientError, position: int) -> Item | None:
    reasons = error.response.get("CancellationReasons", [])
    if position < len(reasons):
        item = reasons[position].get("Item")
        return cast("Item", dict(item)) if item is not None else None
    return None


def _back_off(attempt: int) -> None:
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * (2**attempt))
    time.sleep(random.uniform(0, ceiling))


def decode_event_data(item: Item) -> dict[str, object]:
    """The frame data a GroupEvent item holds (not for events that carry a message)."""
    record = decode_item(item)
    data: dict[str, object] = json.loads(str(record["data"]))
    return data
