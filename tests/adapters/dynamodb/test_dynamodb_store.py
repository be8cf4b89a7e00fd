"""DynamoDB-specific behaviour of the store: item layout, subscriptions and their races.

Behaviour shared with the SQLite store is tested by the contract suite (tests/contract).
"""

from __future__ import annotations

import pytest
from mypy_boto3_dynamodb import DynamoDBClient

from ourchat.adapters.dynamodb import connections
from ourchat.adapters.dynamodb.messages import thread_partition
from ourchat.adapters.dynamodb.store import DynamoDbStore
from ourchat.adapters.dynamodb.tables import ALL_TABLES
from ourchat.domain.errors import Conflict
from ourchat.domain.pagination import sort_key
from tests.support.builders import (
    a_connection,
    a_member,
    a_message,
    a_user,
    at,
    future_epoch,
    owner_of,
    user_id,
)
from tests.support.dynamodb_helpers import group_and_thread, raw_item
from tests.support.moto import moto_client


def test_a_store_needs_a_name_for_every_table(dynamodb_client: DynamoDBClient) -> None:
    last = ALL_TABLES[-1].logical_name
    with pytest.raises(ValueError, match=last):
        DynamoDbStore(dynamodb_client, {t.logical_name: t.logical_name for t in ALL_TABLES[:-1]})


# Item layout


def test_items_carry_their_index_keys(
    dynamodb_store: DynamoDbStore,
    dynamodb_client: DynamoDBClient,
    dynamodb_table_names: dict[str, str],
) -> None:
    owner = user_id()
    group, thread = group_and_thread(dynamodb_store, owner)
    message = a_message(thread, owner, created_at=at(5))
    dynamodb_store.append_message(message)

    stored_message = raw_item(
        dynamodb_client, dynamodb_table_names["Message"], messageId=message.message_id
    )
    stored_thread = raw_item(
        dynamodb_client, dynamodb_table_names["Thread"], threadId=thread.thread_id
    )

    assert stored_message is not None
    assert stored_message["GSI1PK"] == f"GROUP#{group.group_id}#THREAD#{thread.thread_id}"
    assert stored_message["GSI1SK"] == f"{message.created_at}#{message.message_id}"
    assert stored_thread is not None
    assert stored_thread["lastMessageKey"] == sort_key(at(5), thread.thread_id)
    assert thread_partition(group.group_id, thread.thread_id) == stored_message["GSI1PK"]


def test_a_subscription_copies_the_connection(
    dynamodb_store: DynamoDbStore,
    dynamodb_client: DynamoDBClient,
    dynamodb_table_names: dict[str, str],
) -> None:
    owner = user_id()
    group, _ = group_and_thread(dynamodb_store, owner)
    connection = a_connection(owner, expires_at=future_epoch())

    dynamodb_store.put_connection(connection)

    subscription = raw_item(
        dynamodb_client,
        dynamodb_table_names["Subscription"],
        groupId=group.group_id,
        connectionId=connection.connection_id,
    )
    assert subscription == {
        "groupId": group.group_id,
        "connectionId": connection.connection_id,
        "userId": owner,
        "connectedAt": connection.connected_at,
        "expiresAt": str(connection.expires_at),
    }


# Memberships and connections


def test_a_duplicate_membership_is_a_conflict_and_changes_nothing(
    dynamodb_store: DynamoDbStore,
) -> None:
    owner = user_id()
    group, _ = group_and_thread(dynamodb_store, owner)
    connection = a_connection(owner, expires_at=future_epoch())
    dynamodb_store.put_connection(connection)

    with pytest.raises(Conflict, match="member"):
        dynamodb_store.add_membership(a_member(group.group_id, owner))

    assert dynamodb_store.get_membership(group.group_id, owner) == owner_of(group, owner)
    assert dynamodb_store.connections_for_group(group.group_id, 0) == [connection]


def test_a_connection_registered_during_add_membership_is_subscribed(
    dynamodb_store: DynamoDbStore,
    dynamodb_client: DynamoDBClient,
    dynamodb_table_names: dict[str, str],
    moto_endpoint: str,
) -> None:
    # Given a connect that writes its Connection item while the membership is being added,
    # and whose own read of the memberships missed the new one (the ByUser index lags)
    owner, joiner = user_id(), user_id()
    group, _ = group_and_thread(dynamodb_store, owner)
    late = a_connection(joiner, expires_at=future_epoch())
    other_client = moto_client(moto_endpoint)
    pending = [late]

    def connect_concurrently(**_: object) -> None:
        while pending:
            connection = pending.pop()
            other_client.put_item(
                TableName=dynamodb_table_names["Connection"],
                Item={
                    "userId": {"S": connection.user_id},
                    "connectionId": {"S": connection.connection_id},
                    "connectedAt": {"S": connection.connected_at},
                    "expiresAt": {"N": str(connection.expires_at)},
                },
            )

    dynamodb_client.meta.events.register(
        "before-call.dynamodb.TransactWriteItems", connect_concurrently
    )

    # When the member is added
    dynamodb_store.add_membership(a_member(group.group_id, joiner))

    # Then the add's second read of the connections subscribes the late one
    assert dynamodb_store.connections_for_group(group.group_id, 0) == [late]


def test_expired_subscriptions_are_filtered_out_until_ttl_removes_them(
    dynamodb_store: DynamoDbStore,
    dynamodb_client: DynamoDBClient,
    dynamodb_table_names: dict[str, str],
) -> None:
    owner = user_id()
    group, _ = group_and_thread(dynamodb_store, owner)
    now = future_epoch()
    expired = a_connection(owner, expires_at=now - 1)
    live = a_connection(owner, expires_at=now + 1)
    dynamodb_store.put_connection(expired)
    dynamodb_store.put_connection(live)

    assert dynamodb_store.connections_for_group(group.group_id, now) == [live]
    subscription = raw_item(
        dynamodb_client,
        dynamodb_table_names["Subscription"],
        groupId=group.group_id,
        connectionId=expired.connection_id,
    )
    assert subscription is not None


def test_a_connect_that_reads_a_just_ended_membership_is_not_left_subscribed(
    dynamodb_store: DynamoDbStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a member removed a moment ago, whose removal the ByUser index has not caught up
    # with yet (moto's indexes never lag, so the lag is played by the index read)
    owner, removed = user_id(), user_id()
    group, _ = group_and_thread(dynamodb_store, owner)
    other, _ = group_and_thread(dynamodb_store, owner)
    for joined in (group, other):
        dynamodb_store.add_membership(a_member(joined.group_id, removed))
    dynamodb_store.remove_membership(
        group.group_id, removed, reason="removed", departed_at=group.created_at
    )
    monkeypatch.setattr(
        connections, "_group_ids_of", lambda _db, _user: [group.group_id, other.group_id]
    )
    # When they connect
    connection = a_connection(removed, expires_at=future_epoch())
    dynamodb_store.put_connection(connection)
    # Then the connection gets the events of the group they are still in, and no other
    assert dynamodb_store.connections_for_group(group.group_id, 0) == []
    assert dynamodb_store.connections_for_group(other.group_id, 0) == [connection]


def test_a_user_stored_before_find_users_existed_is_findable_after_connecting(
    dynamodb_store: DynamoDbStore,
    dynamodb_client: DynamoDBClient,
    dynamodb_table_names: dict[str, str],
) -> None:
    # Given a user item as an older ourchat wrote it: no search attributes
    old = a_user(name="Grace Hopper")
    dynamodb_client.put_item(
        TableName=dynamodb_table_names["User"],
        Item={
            "userId": {"S": old.user_id},
            "userName": {"S": old.user_name},
            "createdAt": {"S": old.created_at},
        },
    )
    assert dynamodb_store.find_users("grace", 10) == []
    # When they connect again, then people find them
    assert dynamodb_store.create_user_if_missing(old) == old
    assert [p.user_id for p in dynamodb_store.find_users("grace", 10)] == [old.user_id]
    assert dynamodb_store.create_user_if_missing(old) == old  # once only
