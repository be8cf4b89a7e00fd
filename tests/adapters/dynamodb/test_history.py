"""The seq gate on DynamoDB under concurrent writers, in one process and in several."""

from __future__ import annotations

import threading
from collections.abc import Callable

from mypy_boto3_dynamodb import DynamoDBClient

from ourchat.adapters.dynamodb.store import DynamoDbStore
from ourchat.domain.models import Message
from tests.support.builders import a_message, at, user_id
from tests.support.dynamodb_calls import CallCounter
from tests.support.dynamodb_helpers import group_and_thread
from tests.support.moto import moto_client


def race(steps: list[Callable[[], Message]]) -> list[Message]:
    """Run the steps on threads at once; return their results (any failure fails the test)."""
    results: list[Message] = []
    errors: list[BaseException] = []
    start = threading.Barrier(len(steps))

    def run(step: Callable[[], Message]) -> None:
        start.wait(timeout=60)
        try:
            results.append(step())
        except BaseException as error:
            errors.append(error)

    workers = [threading.Thread(target=run, args=(step,)) for step in steps]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert errors == []
    return results


def test_writers_in_one_process_take_turns_and_lose_no_race(
    dynamodb_store: DynamoDbStore, dynamodb_client: DynamoDBClient
) -> None:
    # Given 50 threads of one process sending to one group at once
    owner = user_id()
    _, thread = group_and_thread(dynamodb_store, owner)
    counter = CallCounter(dynamodb_client)
    sent = race(
        [
            lambda: dynamodb_store.append_message(a_message(thread, owner, created_at=at(5)))
            for _ in range(50)
        ]
    )
    # Then the seqs are gap-free, and no transaction was wasted on a lost race
    assert sorted(m.seq or 0 for m in sent) == list(range(2, 52))
    assert counter.calls["TransactWriteItems"] == 50


def test_writers_in_several_processes_race_and_every_seq_is_taken_once(
    dynamodb_store: DynamoDbStore,
    moto_endpoint: str,
    dynamodb_table_names: dict[str, str],
) -> None:
    # Given four processes (stores on clients of their own), five threads each, one group
    owner = user_id()
    _, thread = group_and_thread(dynamodb_store, owner)
    stores = [DynamoDbStore(moto_client(moto_endpoint), dynamodb_table_names) for _ in range(4)]
    counters = [CallCounter(store._db.client) for store in stores]
    sent = race(
        [
            lambda store=store: store.append_message(a_message(thread, owner, created_at=at(5)))  # type: ignore[misc]
            for store in stores
            for _ in range(5)
        ]
    )
    # Then every seq was taken exactly once, races were lost and retried
    assert sorted(m.seq or 0 for m in sent) == list(range(2, 22))
    transactions = sum(c.calls["TransactWriteItems"] for c in counters)
    assert transactions >= 20
    page = dynamodb_store.list_messages(
        thread.group_id, thread.thread_id, before_key=None, limit=50
    )
    assert sorted(m.seq or 0 for m in page.items) == list(range(2, 22))
