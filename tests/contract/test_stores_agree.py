"""SQLite and DynamoDB stores agree: the same random operations give the same results.

A hypothesis state machine drives a SqliteStore and a DynamoDbStore (moto's server) with
the same sequence of calls and compares every answer, orderings and cursors included, and
every error class (see `TwinStores`). Timestamps come from a fake timeline that moves by
0 ms (ties), a few ms or a second per step; messages may be stamped slightly in the past
(late appends). Ids are built so that their order differs from their creation order.
"""

from __future__ import annotations

import os
import pathlib
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    precondition,
    rule,
    run_state_machine_as_test,
)

from ourchat.domain.limits import excerpt_of
from ourchat.domain.models import (
    Connection,
    Group,
    Membership,
    Message,
    ReplyTo,
    Role,
    Thread,
    User,
)
from ourchat.domain.pagination import sort_key
from ourchat.domain.timestamps import format_timestamp
from ourchat.ports.store import Store
from tests.support.builders import TIMELINE_START, future_epoch
from tests.support.twin_stores import TwinStores

# 30 runs of up to 30 steps take ~20 s; raise it for a longer hunt, e.g. =500 overnight.
MAX_EXAMPLES = int(os.environ.get("OURCHAT_AGREE_EXAMPLES", "30"))

USERS = ("alice", "bob", "carol", "dave")
CLIENT_MESSAGE_IDS = ("c-0", "c-1", "c-2")
CONTENTS = ("hi", "hello 👋 there", "x" * 300, "line one\nline two")
EMOJI = ("🎉", "👍", "❤️")
STEPS_MS = (0, 0, 1, 7, 1000)
LAGS_MS = (0, 0, 0, 3, 1500)
# Ids are 26 digits, ULID-shaped: the first one must be 0-7, so ranks stay below 80.
ranks = st.integers(min_value=0, max_value=79)
indexes = st.integers(min_value=0, max_value=1_000)
steps = st.sampled_from(STEPS_MS)
limits = st.integers(min_value=1, max_value=4)


class StoresAgree(RuleBasedStateMachine):
    """Random operations on both stores, with the answers compared after every step."""

    def __init__(self, endpoint: str, directory: pathlib.Path) -> None:
        super().__init__()
        self.twins = TwinStores(endpoint, directory)
        self.clock_ms = 0
        self.serial = 0
        self.now_epoch = future_epoch()
        self.group_ids: list[str] = []
        self.threads: list[Thread] = []
        self.sent: list[Message] = []
        self.connections: list[Connection] = []

    # Helpers

    def stamp(self, step_ms: int, lag_ms: int = 0) -> str:
        """Move the fake clock on by `step_ms` and return its time `lag_ms` ago."""
        self.clock_ms += step_ms
        return format_timestamp(TIMELINE_START + timedelta(milliseconds=self.clock_ms - lag_ms))

    def new_id(self, rank: int) -> str:
        """Return a fresh ULID-shaped id that sorts by `rank` first, not by creation."""
        self.serial += 1
        return f"{rank:02d}{self.serial:024d}"

    def group_at(self, index: int) -> str:
        return self.group_ids[index % len(self.group_ids)]

    def thread_at(self, index: int) -> Thread:
        return self.threads[index % len(self.threads)]

    def agree_on_fan_out(self, *group_ids: str) -> None:
        """Compare the live connections of groups, as the fan-out of an event would read them."""

        def fan_out(store: Store) -> list[list[Connection]]:
            return [store.connections_for_group(g, self.now_epoch) for g in group_ids]

        self.twins.agree(fan_out)

    # Users

    @rule(user_id=st.sampled_from(USERS), name=st.sampled_from(("Ada", "Grace")), step=steps)
    def create_user_if_missing(self, user_id: str, name: str, step: int) -> None:
        user = User(user_id, name, self.stamp(step))
        self.twins.agree(lambda store: store.create_user_if_missing(user))

    @rule(
        user_id=st.sampled_from(USERS),
        name=st.sampled_from(("Ada", "Grace")),
        image=st.none() | st.just("https://img.example/p.png"),
        born=st.none() | st.just("1990-02-03"),
        step=steps,
    )
    def put_user(
        self, user_id: str, name: str, image: str | None, born: str | None, step: int
    ) -> None:
        user = User(user_id, name, self.stamp(step), image, born)
        self.twins.agree(lambda store: store.put_user(user))
        self.twins.agree(lambda store: store.get_user(user_id))

    # Groups and memberships

    @rule(
        owner=st.sampled_from(USERS),
        rank=ranks,
        emoticon=st.none() | st.just("🧗"),
        step=steps,
    )
    def create_group(self, owner: str, rank: int, emoticon: str | None, step: int) -> None:
        created_at = self.stamp(step)
        group = Group(self.new_id(rank), "Climbers", created_at, created_at, emoticon)
        membership = Membership(group.group_id, owner, Role.OWNER, created_at)
        self.twins.agree(lambda store: store.create_group(group, membership))
        self.group_ids.append(group.group_id)
        self.twins.agree(lambda store: store.get_group(group.group_id))
        self.agree_on_fan_out(group.group_id)

    @precondition(lambda self: self.group_ids)
    @rule(index=indexes, user_id=st.sampled_from(USERS), step=steps)
    def add_membership(self, index: int, user_id: str, step: int) -> None:
        group_id = self.group_at(index)
        membership = Membership(group_id, user_id, Role.MEMBER, self.stamp(step))
        self.twins.agree(lambda store: store.add_membership(membership))
        self.twins.agree(lambda store: store.get_membership(group_id, user_id))
        self.agree_on_fan_out(group_id)

    @rule(user_id=st.sampled_from(USERS))
    def list_memberships_of_user(self, user_id: str) -> None:
        def memberships(store: Store) -> list[Membership]:
            found = store.list_memberships_of_user(user_id)
            return sorted(found, key=lambda membership: membership.group_id)

        self.twins.agree(memberships)

    @rule(picks=st.lists(indexes, max_size=4), missing=st.integers(min_value=0, max_value=2))
    def get_groups(self, picks: list[int], missing: int) -> None:
        wanted = [self.group_at(i) for i in picks] if self.group_ids else []
        wanted += [self.new_id(0) for _ in range(missing)]

        def groups(store: Store) -> list[Group]:
            return sorted(store.get_groups(wanted), key=lambda group: group.group_id)

        self.twins.agree(groups)

    # Threads

    @precondition(lambda self: self.group_ids)
    @rule(index=indexes, rank=ranks, color=st.none() | st.just("#1E90FF"), step=steps)
    def create_thread(self, index: int, rank: int, color: str | None, step: int) -> None:
        created_at = self.stamp(step)
        thread = Thread(
            self.new_id(rank), self.group_at(index), "Routes", created_at, created_at, color
        )
        self.twins.agree(lambda store: store.create_thread(thread))
        self.threads.append(thread)

    @precondition(lambda self: self.group_ids)
    @rule(index=indexes, limit=limits)
    def list_threads_by_group(self, index: int, limit: int) -> None:
        group_id = self.group_at(index)
        self.twins.agree_on_pages(
            lambda store, before_key: store.list_threads_by_group(
                group_id, before_key=before_key, limit=limit
            )
        )

    @precondition(lambda self: self.group_ids)
    @rule(index=indexes, limit=limits, back_ms=st.integers(0, 3000), rank=ranks)
    def list_threads_before_any_key(self, index: int, limit: int, back_ms: int, rank: int) -> None:
        group_id = self.group_at(index)
        moment = TIMELINE_START + timedelta(milliseconds=max(self.clock_ms - back_ms, 0))
        before_key = sort_key(format_timestamp(moment), f"{rank:02d}{0:024d}")
        self.twins.agree(
            lambda store: store.list_threads_by_group(group_id, before_key=before_key, limit=limit)
        )

    # Messages

    @precondition(lambda self: self.threads)
    @rule(
        index=indexes,
        sender=st.sampled_from(USERS),
        client_message_id=st.none() | st.sampled_from(CLIENT_MESSAGE_IDS),
        content=st.sampled_from(CONTENTS),
        destination=st.sampled_from(("thread", "thread", "thread", "other group", "no thread")),
        rank=ranks,
        step=steps,
        lag=st.sampled_from(LAGS_MS),
    )
    def append_message(
        self,
        index: int,
        sender: str,
        client_message_id: str | None,
        content: str,
        destination: str,
        rank: int,
        step: int,
        lag: int,
    ) -> None:
        thread = self.thread_at(index)
        group_id, thread_id = thread.group_id, thread.thread_id
        if destination == "other group":
            others = [g for g in self.group_ids if g != group_id]
            group_id = others[index % len(others)] if others else self.new_id(rank)
        elif destination == "no thread":
            thread_id = self.new_id(rank)
        created_at = self.stamp(step, lag)
        message = Message(
            self.new_id(rank), group_id, thread_id, content, sender, created_at, client_message_id
        )
        self.twins.agree(lambda store: store.append_message(message))
        self.sent.append(message)
        self.twins.agree(lambda store: store.get_thread(thread.thread_id))
        self.twins.agree(lambda store: store.get_group(thread.group_id))

    @precondition(lambda self: self.sent)
    @rule(index=indexes, rank=ranks, step=steps)
    def retry_message(self, index: int, rank: int, step: int) -> None:
        original = self.sent[index % len(self.sent)]
        retry = Message(
            self.new_id(rank),
            original.group_id,
            original.thread_id,
            original.content,
            original.sender_user_id,
            self.stamp(step),
            original.client_message_id,
        )
        self.twins.agree(lambda store: store.append_message(retry))

    @precondition(lambda self: self.threads)
    @rule(index=indexes, limit=limits)
    def list_messages(self, index: int, limit: int) -> None:
        thread = self.thread_at(index)
        self.twins.agree_on_pages(
            lambda store, before_key: store.list_messages(
                thread.group_id, thread.thread_id, before_key=before_key, limit=limit
            )
        )

    # Messages people fix

    @precondition(lambda self: self.sent)
    @rule(index=indexes, content=st.sampled_from(CONTENTS), step=steps)
    def edit_message(self, index: int, content: str, step: int) -> None:
        message = self.sent[index % len(self.sent)]
        edited_at = self.stamp(step)
        self.twins.agree(lambda store: store.edit_message(message.message_id, content, edited_at))
        self.twins.agree(lambda store: store.get_message(message.message_id))

    @precondition(lambda self: self.sent)
    @rule(index=indexes, step=steps)
    def delete_message(self, index: int, step: int) -> None:
        message = self.sent[index % len(self.sent)]
        deleted_at = self.stamp(step)
        self.twins.agree(lambda store: store.delete_message(message.message_id, deleted_at))
        self.twins.agree(lambda store: store.get_message(message.message_id))

    @precondition(lambda self: self.sent)
    @rule(
        index=indexes,
        user_id=st.sampled_from(USERS),
        emoji=st.sampled_from(EMOJI),
        adding=st.booleans(),
    )
    def react(self, index: int, user_id: str, emoji: str, adding: bool) -> None:
        message_id = self.sent[index % len(self.sent)].message_id
        if adding:
            self.twins.agree(lambda store: store.add_reaction(message_id, user_id, emoji))
        else:
            self.twins.agree(lambda store: store.remove_reaction(message_id, user_id, emoji))
        self.twins.agree(lambda store: store.reactors(message_id, emoji))
        self.twins.agree(lambda store: store.get_message(message_id))

    @precondition(lambda self: self.sent)
    @rule(index=indexes, sender=st.sampled_from(USERS), rank=ranks, step=steps)
    def append_reply(self, index: int, sender: str, rank: int, step: int) -> None:
        original = self.sent[index % len(self.sent)]
        quote = ReplyTo(original.message_id, original.sender_user_id, excerpt_of(original.content))
        reply = Message(
            self.new_id(rank),
            original.group_id,
            original.thread_id,
            "re",
            sender,
            self.stamp(step),
            reply_to=quote,
        )
        self.twins.agree(lambda store: store.append_message(reply))
        self.sent.append(reply)

    @precondition(lambda self: self.group_ids)
    @rule(index=indexes, after_seq=st.integers(min_value=0, max_value=12), limit=limits)
    def read_events(self, index: int, after_seq: int, limit: int) -> None:
        group_id = self.group_at(index)
        self.twins.agree(
            lambda store: store.read_events(
                group_id, after_seq=after_seq, limit=limit, now_epoch_seconds=self.now_epoch
            )
        )

    # Connections

    @rule(
        user_id=st.sampled_from(USERS),
        lifetime=st.integers(min_value=-3, max_value=3),
        reuse=st.booleans(),
        index=indexes,
        step=steps,
    )
    def put_connection(
        self, user_id: str, lifetime: int, reuse: bool, index: int, step: int
    ) -> None:
        own = [c.connection_id for c in self.connections if c.user_id == user_id]
        connection_id = own[index % len(own)] if reuse and own else f"conn-{self.new_id(0)}="
        connection = Connection(connection_id, user_id, self.stamp(step), self.now_epoch + lifetime)
        self.twins.agree(lambda store: store.put_connection(connection))
        self.connections.append(connection)
        self.agree_on_fan_out(*self.group_ids)

    @precondition(lambda self: self.connections)
    @rule(index=indexes, right_user=st.booleans())
    def delete_connection(self, index: int, right_user: bool) -> None:
        connection = self.connections[index % len(self.connections)]
        user_id = connection.user_id if right_user else "mallory"
        self.twins.agree(lambda store: store.delete_connection(user_id, connection.connection_id))
        self.agree_on_fan_out(*self.group_ids)

    @precondition(lambda self: self.group_ids)
    @rule(index=indexes, now_offset=st.integers(min_value=-4, max_value=4))
    def connections_for_group(self, index: int, now_offset: int) -> None:
        group_id = self.group_at(index)
        self.twins.agree(
            lambda store: store.connections_for_group(group_id, self.now_epoch + now_offset)
        )

    def teardown(self) -> None:
        """Compare every group and thread once more, then drop both stores."""

        def everything(store: Store) -> list[Group | Thread | Message | None]:
            found: list[Group | Thread | Message | None] = [
                store.get_group(g) for g in self.group_ids
            ]
            found += [store.get_message(message.message_id) for message in self.sent]
            return found + [store.get_thread(thread.thread_id) for thread in self.threads]

        try:
            self.twins.agree(everything)
        finally:
            self.twins.close()


# Shrinking a failure replays hundreds of runs (hypothesis stops after five minutes): allow it.
@pytest.mark.timeout(900)
def test_sqlite_and_dynamodb_stores_agree(moto_endpoint: str, tmp_path: pathlib.Path) -> None:
    class OnMoto(StoresAgree):
        def __init__(self) -> None:
            super().__init__(moto_endpoint, tmp_path)

    run_state_machine_as_test(
        OnMoto,
        settings=settings(
            max_examples=MAX_EXAMPLES,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
