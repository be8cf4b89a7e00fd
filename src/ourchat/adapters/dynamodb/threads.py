"""Threads in the Thread table (partition key threadId) and its ByGroup index.

Each thread item carries lastMessageKey = "<lastMessageAt>#<threadId>", the sort key of
the ByGroup index, so a group's threads are listed most recent first by one Query.
"""

from __future__ import annotations

from botocore.exceptions import ClientError

from ourchat.adapters.dynamodb.codec import entity_from_item, entity_item, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import (
    CONDITIONAL_CHECK_FAILED,
    error_code,
    translating_errors,
)
from ourchat.adapters.dynamodb.listing import newest_first
from ourchat.adapters.dynamodb.tables import THREAD, THREADS_BY_GROUP
from ourchat.domain.errors import Conflict
from ourchat.domain.models import Page, Thread
from ourchat.domain.pagination import page_of, thread_sort_key


class DynamoDbThreads:
    """Thread operations; a part of `DynamoDbStore`."""

    _db: DynamoDbTables

    @translating_errors
    def create_thread(self, thread: Thread) -> None:
        """Store a new thread (conditional PutItem).

        Raises:
            Conflict: A thread with this id exists already.
        """
        db = self._db
        try:
            db.client.put_item(
                TableName=db.name(THREAD),
                Item=entity_item(thread, lastMessageKey=thread_sort_key(thread)),
                ConditionExpression="attribute_not_exists(threadId)",
            )
        except ClientError as error:
            if error_code(error) == CONDITIONAL_CHECK_FAILED:
                raise Conflict(f"thread {thread.thread_id} exists already") from error
            raise

    @translating_errors
    def get_thread(self, thread_id: str) -> Thread | None:
        """Return the thread, or None (strongly consistent GetItem)."""
        db = self._db
        response = db.client.get_item(
            TableName=db.name(THREAD), Key=key(threadId=thread_id), ConsistentRead=True
        )
        item = response.get("Item")
        return entity_from_item(Thread, item) if item is not None else None

    @translating_errors
    def list_threads_by_group(
        self, group_id: str, *, before_key: str | None, limit: int
    ) -> Page[Thread]:
        """Return a page of a group's threads, most recent first (one Query on ByGroup)."""
        db = self._db
        items = newest_first(
            db.client,
            table_name=db.name(THREAD),
            index=THREAD.index(THREADS_BY_GROUP),
            partition_value=group_id,
            before_key=before_key,
            limit=limit,
        )
        threads = [entity_from_item(Thread, item) for item in items]
        return page_of(threads, limit, thread_sort_key)
