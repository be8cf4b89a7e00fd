"""Threads in the Thread table (partition key threadId) and its ByGroup index.

Each thread item carries lastMessageKey = "<lastMessageAt>#<threadId>", the sort key of
the ByGroup index, so a group's threads are listed most recent first by one Query.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ourchat.adapters.dynamodb.codec import Item, encode_value, entity_from_item, entity_item, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import translating_errors
from ourchat.adapters.dynamodb.history import Change, ChangeRefused, commit_group_change
from ourchat.adapters.dynamodb.listing import newest_first
from ourchat.adapters.dynamodb.tables import THREAD, THREADS_BY_GROUP
from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.events import THREAD_CREATED, THREAD_UPDATED, GroupEvent
from ourchat.domain.models import Page, Thread, changed
from ourchat.domain.pagination import page_of, thread_sort_key

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef


class DynamoDbThreads:
    """Thread operations; a part of `DynamoDbStore`."""

    _db: DynamoDbTables

    @translating_errors
    def create_thread(self, thread: Thread) -> GroupEvent:
        """Store a new thread with thread.created, in one transaction.

        Raises:
            NotFound: The group does not exist.
            Conflict: A thread with this id exists already.
        """
        db = self._db
        put: TransactWriteItemTypeDef = {
            "Put": {
                "TableName": db.name(THREAD),
                "Item": entity_item(thread, lastMessageKey=thread_sort_key(thread)),
                "ConditionExpression": "attribute_not_exists(threadId)",
            }
        }
        event = GroupEvent(THREAD_CREATED, thread.group_id, thread)

        def plan(_group: Item) -> Change[GroupEvent]:
            return Change([put], [event], result=lambda _seq, events: events[0])

        try:
            return commit_group_change(db, thread.group_id, plan)
        except ChangeRefused:
            raise Conflict(f"thread {thread.thread_id} exists already") from None

    @translating_errors
    def update_thread(
        self, thread_id: str, thread_name: str | None, color: str | None
    ) -> GroupEvent:
        """Set a thread's name and color with thread.updated, in one transaction.

        Raises:
            NotFound: There is no such thread.
        """
        db = self._db
        thread = self.get_thread(thread_id)
        if thread is None:
            raise NotFound(f"there is no thread {thread_id}")

        def plan(_group: Item) -> Change[GroupEvent]:
            # Every write of a thread passes the group's seq: the one read here is current,
            # so only the fields asked for change.
            current = self.get_thread(thread_id) or thread
            name = thread_name if thread_name is not None else current.thread_name
            hue = changed(current.color, color)
            updated = replace(current, thread_name=name, color=hue)
            values = {":name": encode_value(name)}
            if hue is not None:
                values[":color"] = encode_value(hue)
            update: TransactWriteItemTypeDef = {
                "Update": {
                    "TableName": db.name(THREAD),
                    "Key": key(threadId=thread_id),
                    "UpdateExpression": "SET threadName = :name"
                    + (", color = :color" if hue is not None else " REMOVE color"),
                    "ConditionExpression": "attribute_exists(threadId)",
                    "ExpressionAttributeValues": values,
                }
            }
            event = GroupEvent(THREAD_UPDATED, thread.group_id, updated)
            return Change([update], [event], result=lambda _seq, events: events[0])

        try:
            return commit_group_change(db, thread.group_id, plan)
        except ChangeRefused:
            raise NotFound(f"there is no thread {thread_id}") from None

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
