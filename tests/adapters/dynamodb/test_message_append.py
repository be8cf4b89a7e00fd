"""Appending messages on DynamoDB: one transaction behind the group's seq, and its retries.

Covers the idempotency sentinel, lastMessageAt under reordered sends, NotFound that stores
nothing, and retries of transactions cancelled by a conflict or by a race for the seq.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from mypy_boto3_dynamodb import DynamoDBClient

from ourchat.adapters.dynamodb import history
from ourchat.adapters.dynamodb.messages import sentinel_id
from ourchat.adapters.dynamodb.store import DynamoDbStore
from ourchat.domain.errors import InternalError, NotFound
from tests.support.builders import (
    a_message,
    at,
    user_id,
)
from tests.support.dynamodb_calls import CallCounter
from tests.support.dynamodb_faults import (
    Injector,
    transaction_canceled,
)
from tests.support.dynamodb_helpers import group_and_thread, raw_item


def test_a_client_message_id_is_claimed_by_a_sentinel_item(
    dynamodb_store: DynamoDbStore,
    dynamodb_client: DynamoDBClient,
    dynamodb_table_names: dict[str, str],
) -> None:
    owner = user_id()
    _, thread = group_and_thread(dynamodb_store, owner)
    first = a_message(thread, owner, created_at=at(5), client_message_id="c-42")
    retry = a_message(thread, owner, created_at=at(7), client_message_id="c-42")

    dynamodb_store.append_message(first)
    returned = dynamodb_store.append_message(retry)

    table = dynamodb_table_names["Message"]
    sentinel = raw_item(dynamodb_client, table, messageId=sentinel_id(owner, "c-42"))
    assert sentinel == {
        "messageId": f"idempotency#{owner}#c-42",
        "originalMessageId": first.message_id,
    }
    assert returned == replace(first, seq=2)
    assert raw_item(dynamodb_client, table, messageId=retry.message_id) is None
    assert dynamodb_store.get_thread(thread.thread_id) == replace(thread, last_message_at=at(5))


def test_an_older_message_arriving_late_keeps_the_newer_last_message_at(
    dynamodb_store: DynamoDbStore, dynamodb_client: DynamoDBClient
) -> None:
    # Given a message at t2 stored first
    owner = user_id()
    group, thread = group_and_thread(dynamodb_store, owner)
    newer = a_message(thread, owner, created_at=at(20))
    older = a_message(thread, owner, created_at=at(10))
    dynamodb_store.append_message(newer)
    counter = CallCounter(dynamodb_client)

    # When a message at t1 < t2 arrives afterwards
    stored = dynamodb_store.append_message(older)

    # Then it is stored with the next seq, lastMessageAt stays t2, in one transaction read
    # against the group and the thread
    assert stored == replace(older, seq=3)
    assert counter.calls == Counter({"GetItem": 2, "TransactWriteItems": 1})
    page = dynamodb_store.list_messages(group.group_id, thread.thread_id, before_key=None, limit=10)
    assert page.items == (replace(newer, seq=2), replace(older, seq=3))
    assert dynamodb_store.get_thread(thread.thread_id) == replace(thread, last_message_at=at(20))
    assert dynamodb_store.get_group(group.group_id) == replace(group, last_message_at=at(20), seq=3)
    threads = dynamodb_store.list_threads_by_group(group.group_id, before_key=None, limit=10)
    assert threads.items[0].last_message_at == at(20)


def test_a_thread_of_another_group_is_not_found_and_nothing_is_stored(
    dynamodb_store: DynamoDbStore,
    dynamodb_client: DynamoDBClient,
    dynamodb_table_names: dict[str, str],
) -> None:
    owner = user_id()
    group, _ = group_and_thread(dynamodb_store, owner)
    _, foreign_thread = group_and_thread(dynamodb_store, owner)
    message = a_message(foreign_thread, owner, created_at=at(5), client_message_id="c-1")
    misplaced = replace(message, group_id=group.group_id)

    with pytest.raises(NotFound):
        dynamodb_store.append_message(misplaced)

    table = dynamodb_table_names["Message"]
    assert raw_item(dynamodb_client, table, messageId=message.message_id) is None
    assert raw_item(dynamodb_client, table, messageId=sentinel_id(owner, "c-1")) is None
    assert dynamodb_store.get_group(group.group_id) == replace(group, seq=1)


def test_a_transaction_conflict_is_retried(
    dynamodb_store: DynamoDbStore, dynamodb_client: DynamoDBClient
) -> None:
    owner = user_id()
    group, thread = group_and_thread(dynamodb_store, owner)
    conflicts = iter([transaction_canceled("None", "TransactionConflict", "None", "None")])
    Injector(dynamodb_client, "TransactWriteItems", lambda _: next(conflicts, None))
    message = a_message(thread, owner, created_at=at(5))

    assert dynamodb_store.append_message(message) == replace(message, seq=2)

    assert dynamodb_store.get_group(group.group_id) == replace(group, last_message_at=at(5), seq=2)


def test_a_lost_race_for_the_seq_is_read_again_and_retried(
    dynamodb_store: DynamoDbStore, dynamodb_client: DynamoDBClient
) -> None:
    # Given another change takes the group's next seq between this send's read and its write
    owner = user_id()
    group, thread = group_and_thread(dynamodb_store, owner)
    races = iter([transaction_canceled("ConditionalCheckFailed", "None", "None", "None")])
    injector = Injector(dynamodb_client, "TransactWriteItems", lambda _: next(races, None))

    # When the message is sent, it is written with the seq after the one read again
    stored = dynamodb_store.append_message(a_message(thread, owner, created_at=at(5)))

    assert injector.sends == 2
    assert stored.seq == 2
    assert dynamodb_store.get_group(group.group_id) == replace(group, last_message_at=at(5), seq=2)


def test_a_lasting_transaction_conflict_is_an_internal_error_and_stores_nothing(
    dynamodb_store: DynamoDbStore,
    dynamodb_client: DynamoDBClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owner = user_id()
    group, thread = group_and_thread(dynamodb_store, owner)
    injector = Injector(
        dynamodb_client,
        "TransactWriteItems",
        lambda _: transaction_canceled("None", "TransactionConflict", "None", "None"),
    )
    monkeypatch.setattr(history, "RETRY_SECONDS", 0.3)

    with pytest.raises(InternalError, match="try again"):
        dynamodb_store.append_message(a_message(thread, owner, created_at=at(5)))

    assert injector.sends >= 2
    page = dynamodb_store.list_messages(group.group_id, thread.thread_id, before_key=None, limit=10)
    assert page.items == ()
