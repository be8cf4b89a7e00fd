"""The DynamoDB store's call counts: fixed per request, never growing with unrelated data.

Counts come from botocore's before-call event on the client the store uses, so they are the
calls a Lambda would make against DynamoDB (moto's ConsumedCapacity is not accurate, so
capacity is argued from these counts and item sizes in docs/design.md).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import pytest
from mypy_boto3_dynamodb import DynamoDBClient

from ourchat.adapters.dynamodb.store import DynamoDbStore
from ourchat.adapters.dynamodb.tables import (
    MESSAGE,
    MESSAGES_BY_REPLY_TO,
    MESSAGES_BY_SEQ,
    MESSAGES_BY_THREAD,
)
from ourchat.domain.models import Group, ReadPointer, ReplyTo, Thread
from ourchat.domain.pagination import decode_cursor, message_sort_key
from ourchat.services.messages import send_message
from ourchat.services.sync import sync
from tests.support.builders import (
    a_connection,
    a_group,
    a_member,
    a_message,
    a_thread,
    a_user,
    at,
    future_epoch,
    owner_of,
    user_id,
)
from tests.support.dynamodb_calls import (
    ALLOWED_OPERATIONS,
    CallCounter,
    indexes_entered,
    recorded_transactions,
    transaction_shape,
)
from tests.support.fakes import FakePusher, FixedClock

ONE_QUERY = Counter({"Query": 1})
ONE_TRANSACTION = Counter({"TransactWriteItems": 1})


@dataclass(frozen=True)
class Room:
    """A group, its members (owner first) and one thread."""

    group: Group
    members: list[str]
    thread: Thread


@pytest.fixture
def counter(dynamodb_client: DynamoDBClient, dynamodb_store: DynamoDbStore) -> CallCounter:
    """Counts the calls of the store's client, from after the tables were created."""
    return CallCounter(dynamodb_client)


def _room(store: DynamoDbStore, member_count: int, *, connected: bool = False) -> Room:
    members = [user_id() for _ in range(member_count)]
    group = a_group()
    store.create_group(group, owner_of(group, members[0]))
    for member in members[1:]:
        store.add_membership(a_member(group.group_id, member))
    if connected:
        for member in members:
            store.put_connection(a_connection(member, expires_at=future_epoch()))
    thread = a_thread(group.group_id)
    store.create_thread(thread)
    return Room(group, members, thread)


def _append_cost(store: DynamoDbStore, counter: CallCounter, room: Room) -> Counter[str]:
    counter.reset()
    store.append_message(a_message(room.thread, room.members[-1], created_at=at(10)))
    store.append_message(
        a_message(room.thread, room.members[0], created_at=at(11), client_message_id="c-1")
    )
    return counter.take()


def test_append_message_costs_the_same_whatever_the_group_size(
    dynamodb_store: DynamoDbStore, counter: CallCounter
) -> None:
    # Given a group of 1 member and a group of 50 connected members
    small = _room(dynamodb_store, 1, connected=True)
    large = _room(dynamodb_store, 50, connected=True)

    # When each gets a plain message and an idempotent one
    small_cost = _append_cost(dynamodb_store, counter, small)
    large_cost = _append_cost(dynamodb_store, counter, large)

    # Then each message is one transaction after reading its group and thread, in both groups
    assert small_cost == large_cost == Counter({"GetItem": 4, "TransactWriteItems": 2})


def test_a_send_writes_one_index_entry_more_than_before_per_group_seqs(
    dynamodb_client: DynamoDBClient, dynamodb_store: DynamoDbStore
) -> None:
    room = _room(dynamodb_store, 2)
    # When a message with a clientMessageId is stored
    with recorded_transactions(dynamodb_client) as sent:
        dynamodb_store.append_message(
            a_message(room.thread, room.members[0], created_at=at(10), client_message_id="c-1")
        )
    # Then one transaction: the group's seq, the message, the thread, the retry sentinel
    [actions] = sent
    assert transaction_shape(actions) == sorted(
        [("Update", "Group"), ("Put", "Message"), ("Update", "Thread"), ("Put", "Message")]
    )
    # And the message's item enters GSI1 and ByGroupSeq: the seq added one index entry (one
    # WCU for a message under 1 KB), and the group's update was already there (lastMessageAt)
    [message] = [a["Put"]["Item"] for a in actions if "Put" in a and "content" in a["Put"]["Item"]]
    assert indexes_entered(MESSAGE, message) == {MESSAGES_BY_THREAD, MESSAGES_BY_SEQ}


def _send_costs(store: DynamoDbStore, counter: CallCounter, room: Room) -> list[Counter[str]]:
    """The calls of sendMessage's service: a plain message, then a reply to it."""
    pusher, clock = FakePusher(), FixedClock()
    sender = room.members[-1]
    where = {"group_id": room.group.group_id, "thread_id": room.thread.thread_id}
    for n in range(5):  # a thread with some history: a quote reads its message only
        send_message(store, pusher, clock, sender_id=sender, content=f"m{n}", **where)
    counter.reset()
    plain = send_message(store, pusher, clock, sender_id=sender, content="hi", **where)
    plain_cost = counter.take()
    reply = send_message(
        store,
        pusher,
        clock,
        sender_id=room.members[0],
        content="hello",
        reply_to_message_id=plain.message_id,
        **where,
    )
    reply_cost = counter.take()
    assert reply.reply_to is not None
    assert reply.reply_to.message_id == plain.message_id
    return [plain_cost, reply_cost]


def test_a_reply_costs_one_read_more_than_a_plain_send_whatever_the_group_size(
    dynamodb_store: DynamoDbStore, counter: CallCounter
) -> None:
    # Given a group of 1 member and a group of 50 connected members
    small = _room(dynamodb_store, 1, connected=True)
    large = _room(dynamodb_store, 50, connected=True)

    # When each gets a plain message, then a reply to it
    small_costs = _send_costs(dynamodb_store, counter, small)
    large_costs = _send_costs(dynamodb_store, counter, large)

    # Then the costs are the same in both groups: the sender's membership, the message's
    # group and thread, one transaction and the fan-out's Query; a reply reads the message
    # it quotes (one GetItem) on top
    assert small_costs == large_costs
    plain, reply = large_costs
    assert plain == Counter({"GetItem": 3, "TransactWriteItems": 1, "Query": 1})
    assert reply - plain == Counter({"GetItem": 1})
    assert plain - reply == Counter()


def test_a_reply_writes_one_index_entry_more_than_a_plain_message(
    dynamodb_client: DynamoDBClient, dynamodb_store: DynamoDbStore
) -> None:
    room = _room(dynamodb_store, 2)
    first = dynamodb_store.append_message(
        a_message(room.thread, room.members[0], created_at=at(10))
    )
    quote = ReplyTo(first.message_id, first.sender_user_id, first.content)
    # When a reply is stored
    reply = replace(a_message(room.thread, room.members[1], created_at=at(11)), reply_to=quote)
    with recorded_transactions(dynamodb_client) as sent:
        dynamodb_store.append_message(reply)
    # Then the same transaction as a plain message's: the group's seq, the message, the thread
    [actions] = sent
    assert transaction_shape(actions) == sorted(
        [("Update", "Group"), ("Put", "Message"), ("Update", "Thread")]
    )
    # And its item enters ByReplyTo besides GSI1 and ByGroupSeq (one index entry, one WCU
    # more for a message under 1 KB), which deleting the quoted message queries
    [message] = [a["Put"]["Item"] for a in actions if "Put" in a]
    assert indexes_entered(MESSAGE, message) == {
        MESSAGES_BY_THREAD,
        MESSAGES_BY_SEQ,
        MESSAGES_BY_REPLY_TO,
    }


def test_list_messages_is_exactly_one_query_per_page(
    dynamodb_store: DynamoDbStore, counter: CallCounter
) -> None:
    room = _room(dynamodb_store, 1)
    for second in range(25):
        dynamodb_store.append_message(
            a_message(room.thread, room.members[0], created_at=at(second))
        )
    counter.reset()

    before_key = None
    for expected_size in (10, 10, 5):
        page = dynamodb_store.list_messages(
            room.group.group_id, room.thread.thread_id, before_key=before_key, limit=10
        )
        assert len(page.items) == expected_size
        assert counter.take() == ONE_QUERY
        before_key = _key_of_cursor(page.next_cursor)


def test_list_threads_by_group_is_one_query_per_page(
    dynamodb_store: DynamoDbStore, counter: CallCounter
) -> None:
    group = _room(dynamodb_store, 1).group
    for second in range(24):
        dynamodb_store.create_thread(a_thread(group.group_id, created_at=at(second)))
    counter.reset()

    before_key = None
    for expected_size in (10, 10, 5):
        page = dynamodb_store.list_threads_by_group(group.group_id, before_key=before_key, limit=10)
        assert len(page.items) == expected_size
        assert counter.take() == ONE_QUERY
        before_key = _key_of_cursor(page.next_cursor)


def _key_of_cursor(cursor: str | None) -> str | None:
    return decode_cursor(cursor) if cursor is not None else None


def test_connections_for_group_ignores_connections_of_other_groups(
    dynamodb_store: DynamoDbStore, counter: CallCounter
) -> None:
    # Given a group with two live connections
    room = _room(dynamodb_store, 2, connected=True)
    now = future_epoch() - 60
    counter.reset()
    before = dynamodb_store.connections_for_group(room.group.group_id, now)
    cost_before = counter.take()

    # When 200 more connections appear, of 20 users in 4 other groups
    for _ in range(4):
        other = _room(dynamodb_store, 5)
        for member in other.members:
            for _ in range(10):
                dynamodb_store.put_connection(a_connection(member, expires_at=future_epoch()))
    counter.reset()
    after = dynamodb_store.connections_for_group(room.group.group_id, now)

    # Then the group's fan-out reads the same two connections with the same single Query
    assert len(before) == 2
    assert after == before
    assert counter.take() == cost_before == ONE_QUERY


def test_a_full_scenario_uses_only_the_allowed_operations(
    dynamodb_store: DynamoDbStore, counter: CallCounter
) -> None:
    store = dynamodb_store
    owner, friend = a_user(), a_user()
    store.put_user(owner)
    store.put_user(owner)
    store.create_user_if_missing(friend)
    store.create_user_if_missing(friend)
    store.get_user(owner.user_id)
    owner_connection = a_connection(owner.user_id, expires_at=future_epoch())
    store.put_connection(owner_connection)
    group = a_group()
    store.create_group(group, owner_of(group, owner.user_id))
    store.put_connection(a_connection(friend.user_id, expires_at=future_epoch()))
    store.add_membership(a_member(group.group_id, friend.user_id))
    store.get_membership(group.group_id, friend.user_id)
    store.get_groups([m.group_id for m in store.list_memberships_of_user(friend.user_id)])
    store.get_group(group.group_id)
    thread = a_thread(group.group_id)
    store.create_thread(thread)
    store.get_thread(thread.thread_id)
    store.append_message(a_message(thread, owner.user_id, created_at=at(5), client_message_id="a"))
    store.append_message(a_message(thread, owner.user_id, created_at=at(6), client_message_id="a"))
    store.append_message(a_message(thread, friend.user_id, created_at=at(3)))
    store.list_messages(group.group_id, thread.thread_id, before_key=None, limit=1)
    store.list_threads_by_group(group.group_id, before_key=None, limit=1)
    store.connections_for_group(group.group_id, future_epoch() - 60)
    store.delete_connection(owner.user_id, owner_connection.connection_id)
    store.delete_connection(owner.user_id, "gone-connection=")

    assert set(counter.calls) <= ALLOWED_OPERATIONS
    assert "Scan" not in counter.calls
    assert "BatchWriteItem" not in counter.calls


def _change_costs(store: DynamoDbStore, counter: CallCounter, room: Room) -> list[Counter[str]]:
    message = store.append_message(a_message(room.thread, room.members[0], created_at=at(10)))
    for member in room.members[1:]:
        store.add_reaction(message.message_id, member, "🎉")
    counter.reset()
    store.edit_message(message.message_id, "fixed", at(11))
    edit = counter.take()
    store.add_reaction(message.message_id, room.members[0], "🎉")
    add = counter.take()
    store.remove_reaction(message.message_id, room.members[0], "🎉")
    remove = counter.take()
    store.list_messages(room.group.group_id, room.thread.thread_id, before_key=None, limit=10)
    listing = counter.take()
    return [edit, add, remove, listing]


def test_message_changes_cost_the_same_however_many_reacted(
    dynamodb_store: DynamoDbStore, counter: CallCounter
) -> None:
    # Given a message nobody reacted to, and one 30 people reacted to
    quiet = _change_costs(dynamodb_store, counter, _room(dynamodb_store, 1))
    busy = _change_costs(dynamodb_store, counter, _room(dynamodb_store, 31))
    # Then an edit, a reaction and its removal cost the same fixed calls, and the history
    # page with reactions is still one Query
    assert quiet == busy
    edit, add, remove, listing = busy
    # The message for its group, the group, the message again behind the seq gate
    assert edit == add == Counter({"GetItem": 3, "TransactWriteItems": 1})
    assert remove == Counter({"GetItem": 3, "Query": 1, "TransactWriteItems": 1})
    assert listing == ONE_QUERY


def test_a_deletion_costs_one_read_per_reply_and_one_transaction(
    dynamodb_store: DynamoDbStore, counter: CallCounter
) -> None:
    room = _room(dynamodb_store, 3)
    message = dynamodb_store.append_message(
        a_message(room.thread, room.members[0], created_at=at(10))
    )
    quote = ReplyTo(message.message_id, message.sender_user_id, message.content)
    for member in room.members:
        dynamodb_store.add_reaction(message.message_id, member, "🎉")
        dynamodb_store.append_message(
            replace(a_message(room.thread, member, created_at=at(11)), reply_to=quote)
        )
    counter.reset()
    dynamodb_store.delete_message(message.message_id, at(12))
    # The message, its reactions (one Query), its replies (one Query, then each reply),
    # the group and the message behind the gate; then all of it in one transaction
    assert counter.take() == Counter(
        {"GetItem": 2 + len(room.members) + 1, "Query": 2, "TransactWriteItems": 1}
    )


def test_sync_reads_only_the_groups_that_changed(
    dynamodb_store: DynamoDbStore, counter: CallCounter
) -> None:
    # Given a user in 30 groups, one of which had 5 messages since the user's position
    owner = user_id()
    rooms = []
    for _ in range(30):
        group = a_group()
        dynamodb_store.create_group(group, owner_of(group, owner))
        rooms.append(group)
    thread = a_thread(rooms[0].group_id)
    dynamodb_store.create_thread(thread)
    for second in range(5):
        dynamodb_store.append_message(a_message(thread, owner, created_at=at(second)))
    positions = [(g.group_id, 1 if g is rooms[0] else 0) for g in rooms]
    counter.reset()
    result = sync(dynamodb_store, FixedClock(), user_id=owner, positions=positions)
    # Then: the memberships and the groups in one BatchGetItem each, and only the changed
    # group's history (its GroupEvents and its messages by seq)
    assert [e["seq"] for e in result.events] == [2, 3, 4, 5, 6]
    assert counter.take() == Counter({"BatchGetItem": 2, "Query": 2})


def test_read_state_costs_grow_with_the_page_and_what_is_unread(
    dynamodb_store: DynamoDbStore, counter: CallCounter
) -> None:
    room = _room(dynamodb_store, 2)
    reader, other = room.members
    quiet = a_thread(room.group.group_id, created_at=at(1))
    dynamodb_store.create_thread(quiet)
    messages = [
        dynamodb_store.append_message(a_message(room.thread, other, created_at=at(10 + n)))
        for n in range(3)
    ]
    threads = [dynamodb_store.get_thread(t.thread_id) for t in (room.thread, quiet)]
    counter.reset()
    pointer = ReadPointer(
        reader, room.thread.thread_id, room.group.group_id, messages[0].message_id,
        message_sort_key(messages[0]), at(20),
    )  # fmt: skip
    dynamodb_store.mark_read(pointer)
    assert counter.take() == Counter({"PutItem": 1})
    joined = f"{at(5)}#"  # after the quiet thread was made, before the messages
    counts = dynamodb_store.unread_in_threads(reader, [t for t in threads if t], joined, 100)
    # One BatchGetItem of the pointers; a count Query only for the thread with new messages
    assert counts == {room.thread.thread_id: 2, quiet.thread_id: 0}
    assert counter.take() == Counter({"BatchGetItem": 1, "Query": 1})
    # The group: its threads active since the reader joined (one Query), then as above
    assert dynamodb_store.unread_in_group(reader, room.group.group_id, joined, 100, 20) == 2
    assert counter.take() == Counter({"Query": 2, "BatchGetItem": 1})
    # Given the pointers already read (getThreadsByGroup lists them too), no second BatchGetItem
    found = dynamodb_store.read_pointers(reader, [room.thread.thread_id, quiet.thread_id])
    counter.reset()
    again = dynamodb_store.unread_in_threads(
        reader, [t for t in threads if t], joined, 100, pointers=found
    )
    assert again == counts
    assert counter.take() == Counter({"Query": 1})


def test_presence_costs_one_update_per_connect_and_two_calls_per_disconnect(
    dynamodb_store: DynamoDbStore, counter: CallCounter
) -> None:
    user = a_user()
    dynamodb_store.put_user(user)
    connection = a_connection(user.user_id, expires_at=future_epoch())
    counter.reset()
    assert dynamodb_store.come_online(connection, future_epoch() - 100) is True
    assert counter.take() == Counter({"UpdateItem": 1})
    assert dynamodb_store.go_offline(user.user_id, connection.connection_id, future_epoch() - 100)
    assert counter.take() == Counter({"GetItem": 1, "UpdateItem": 1})
