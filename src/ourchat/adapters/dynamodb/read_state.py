"""Read pointers and unread counts on DynamoDB.

A pointer is one ReadPointer item per (user, thread), moved by a conditional UpdateItem
that only goes forward. An unread count is a `Select=COUNT` Query of the thread's messages
(GSI1) after the pointer, filtered to others' live messages, stopped at the cap: its cost
is the messages it counts, never the thread's history. The threads of one listing are
counted concurrently, so a page of threads costs about one round trip.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, cast

from botocore.exceptions import ClientError

from ourchat.adapters.dynamodb.codec import Item, encode_value, entity_from_item, entity_item, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import (
    CONDITIONAL_CHECK_FAILED,
    error_code,
    translating_errors,
)
from ourchat.adapters.dynamodb.messages import thread_partition
from ourchat.adapters.dynamodb.reads import batch_get_items, query_items
from ourchat.adapters.dynamodb.tables import (
    MESSAGE,
    MESSAGES_BY_THREAD,
    READ_POINTER,
    THREAD,
    THREADS_BY_GROUP,
)
from ourchat.domain.models import ReadPointer, Thread

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import QueryInputTypeDef

# Threads counted at once; each count is a Query or two.
_COUNTING_THREADS = 8
# Items a counting Query evaluates per call: a few more than the cap, since the filter
# drops the reader's own messages and tombstones after they are read.
_COUNT_PAGE = 128


def _count_unread(
    db: DynamoDbTables, user_id: str, group_id: str, thread_id: str, after: str, cap: int
) -> int:
    request: QueryInputTypeDef = {
        "TableName": db.name(MESSAGE),
        "IndexName": MESSAGES_BY_THREAD,
        "KeyConditionExpression": "GSI1PK = :thread AND GSI1SK > :after",
        "FilterExpression": "senderUserId <> :me AND attribute_not_exists(deletedAt)",
        "ExpressionAttributeValues": {
            ":thread": encode_value(thread_partition(group_id, thread_id)),
            ":after": encode_value(after),
            ":me": encode_value(user_id),
        },
        "Select": "COUNT",
        "Limit": _COUNT_PAGE,
    }
    count = 0
    while count < cap:
        response = db.client.query(**request)
        count += response["Count"]
        last = response.get("LastEvaluatedKey")
        if last is None:
            break
        request["ExclusiveStartKey"] = last
    return min(count, cap)


class DynamoDbReadState:
    """Read state; a part of `DynamoDbStore`."""

    _db: DynamoDbTables

    @translating_errors
    def mark_read(self, pointer: ReadPointer) -> ReadPointer:
        """Put the pointer unless the stored one is further on (one conditional PutItem; on
        a refusal the stored pointer comes back with it)."""
        db = self._db
        try:
            db.client.put_item(
                TableName=db.name(READ_POINTER),
                Item=entity_item(pointer),
                ConditionExpression="attribute_not_exists(userId) OR readKey < :key",
                ExpressionAttributeValues={":key": encode_value(pointer.read_key)},
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ClientError as error:
            if error_code(error) != CONDITIONAL_CHECK_FAILED:
                raise
            stored = error.response.get("Item")
            if stored is None:
                raise
            return entity_from_item(ReadPointer, cast("Item", stored))
        return pointer

    @translating_errors
    def read_pointers(self, user_id: str, thread_ids: Sequence[str]) -> list[ReadPointer]:
        """Return the user's pointers of those threads (BatchGetItem, eventually consistent)."""
        db = self._db
        keys = [key(userId=user_id, threadId=t) for t in dict.fromkeys(thread_ids)]
        items = batch_get_items(db.client, db.name(READ_POINTER), keys)
        return [entity_from_item(ReadPointer, item) for item in items]

    @translating_errors
    def unread_in_threads(
        self,
        user_id: str,
        threads: Sequence[Thread],
        floor: str,
        cap: int,
        pointers: Sequence[ReadPointer] | None = None,
    ) -> dict[str, int]:
        """Count each thread's unread messages up to `cap` (the pointers' BatchGetItem unless
        given, then a count Query per thread with messages after its pointer, concurrently)."""
        if pointers is None:
            pointers = self.read_pointers(user_id, [t.thread_id for t in threads])
        read_keys = {p.thread_id: p.read_key for p in pointers}
        counts = dict.fromkeys((t.thread_id for t in threads), 0)
        work = []
        for thread in threads:
            after = max(floor, read_keys.get(thread.thread_id, ""))
            if f"{thread.last_message_at}#~" > after:  # a message may be after the pointer
                work.append((thread, after))
        with ThreadPoolExecutor(_COUNTING_THREADS) as pool:
            found = pool.map(
                lambda job: _count_unread(
                    self._db, user_id, job[0].group_id, job[0].thread_id, job[1], cap
                ),
                work,
            )
            for (thread, _), count in zip(work, found, strict=True):
                counts[thread.thread_id] = count
        return counts

    @translating_errors
    def unread_in_group(
        self, user_id: str, group_id: str, floor: str, cap: int, threads: int
    ) -> int:
        """Count the group's unread messages up to `cap` over its most recently active
        threads (one Query on Thread.ByGroup, then as `unread_in_threads`)."""
        db = self._db
        items = query_items(
            db.client,
            {
                "TableName": db.name(THREAD),
                "IndexName": THREADS_BY_GROUP,
                "KeyConditionExpression": "groupId = :g AND lastMessageKey > :floor",
                "ExpressionAttributeValues": {
                    ":g": encode_value(group_id),
                    ":floor": encode_value(floor),
                },
                "ScanIndexForward": False,
            },
            max_items=threads,
        )
        active = [entity_from_item(Thread, item) for item in items]
        return min(cap, sum(self.unread_in_threads(user_id, active, floor, cap).values()))
