"""In-memory fakes of the ports (store, pusher, clock) for unit tests of the services.

`FakeStore` keeps the documented semantics of the Store protocol so that service tests
exercise real behaviour (orderings, cursors, idempotency, conflicts), not canned answers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.models import Connection, Group, Membership, Message, Page, Thread, User
from ourchat.domain.pagination import message_sort_key, page_of, thread_sort_key
from ourchat.ports.queue import QueuedMessage

DEFAULT_START = datetime(2026, 11, 28, 3, 20, tzinfo=UTC)

T = TypeVar("T")
G = TypeVar("G", Group, Thread)


class FakeStore:
    """The Store port over dicts, with the semantics the Store protocol documents."""

    def __init__(self) -> None:
        self.users: dict[str, User] = {}
        self.groups: dict[str, Group] = {}
        self.memberships: dict[tuple[str, str], Membership] = {}
        self.threads: dict[str, Thread] = {}
        self.messages: dict[str, Message] = {}
        # (senderUserId, clientMessageId) -> messageId of the original send.
        self.client_message_ids: dict[tuple[str, str], str] = {}
        self.connections: dict[tuple[str, str], Connection] = {}

    def close(self) -> None:
        """Nothing to release."""

    def snapshot(self) -> dict[str, dict[Any, Any]]:
        """Return a copy of every table, to compare the contents before and after a call."""
        return {
            "users": dict(self.users),
            "groups": dict(self.groups),
            "memberships": dict(self.memberships),
            "threads": dict(self.threads),
            "messages": dict(self.messages),
            "client_message_ids": dict(self.client_message_ids),
            "connections": dict(self.connections),
        }

    # Users

    def get_user(self, user_id: str) -> User | None:
        return self.users.get(user_id)

    def put_user(self, user: User) -> User:
        existing = self.users.get(user.user_id)
        if existing is not None:
            user = User(
                user.user_id,
                user.user_name,
                existing.created_at,
                user.profile_image_url,
                user.date_of_birth,
            )
        self.users[user.user_id] = user
        return user

    def create_user_if_missing(self, user: User) -> User:
        return self.users.setdefault(user.user_id, user)

    # Groups and memberships

    def create_group(self, group: Group, owner: Membership) -> None:
        if group.group_id in self.groups:
            raise Conflict(f"group {group.group_id} exists already")
        self.groups[group.group_id] = group
        self.memberships[owner.group_id, owner.user_id] = owner

    def get_group(self, group_id: str) -> Group | None:
        return self.groups.get(group_id)

    def get_groups(self, group_ids: Sequence[str]) -> list[Group]:
        # Ascending ids (oldest first) on purpose: callers must not rely on any order.
        return [self.groups[group_id] for group_id in sorted(set(group_ids) & self.groups.keys())]

    def add_membership(self, membership: Membership) -> None:
        if membership.group_id not in self.groups:
            raise NotFound(f"there is no group {membership.group_id}")
        key = (membership.group_id, membership.user_id)
        if key in self.memberships:
            raise Conflict(f"user {membership.user_id!r} is a member of this group already")
        self.memberships[key] = membership

    def get_membership(self, group_id: str, user_id: str) -> Membership | None:
        return self.memberships.get((group_id, user_id))

    def list_memberships_of_user(self, user_id: str) -> list[Membership]:
        return [m for (_, member_id), m in self.memberships.items() if member_id == user_id]

    # Threads

    def create_thread(self, thread: Thread) -> None:
        if thread.group_id not in self.groups:
            raise NotFound(f"there is no group {thread.group_id}")
        if thread.thread_id in self.threads:
            raise Conflict(f"thread {thread.thread_id} exists already")
        self.threads[thread.thread_id] = thread

    def get_thread(self, thread_id: str) -> Thread | None:
        return self.threads.get(thread_id)

    def list_threads_by_group(
        self, group_id: str, *, before_key: str | None, limit: int
    ) -> Page[Thread]:
        threads = [t for t in self.threads.values() if t.group_id == group_id]
        return _page(threads, thread_sort_key, before_key, limit)

    # Messages

    def append_message(self, message: Message) -> Message:
        # A retry returns its original whatever thread it names, like both real adapters.
        idempotency_key = (message.sender_user_id, message.client_message_id or "")
        if message.client_message_id is not None and idempotency_key in self.client_message_ids:
            return self.messages[self.client_message_ids[idempotency_key]]
        thread = self.threads.get(message.thread_id)
        if thread is None or thread.group_id != message.group_id:
            raise NotFound(f"there is no thread {message.thread_id} in group {message.group_id}")
        existing = self.messages.get(message.message_id)
        if existing is not None:
            # The very message again (a lost reply, retried) is a no-op, as in both adapters.
            if existing == message:
                return message
            raise Conflict(f"message {message.message_id} exists already")
        if message.client_message_id is not None:
            self.client_message_ids[idempotency_key] = message.message_id
        self.messages[message.message_id] = message
        self.threads[thread.thread_id] = _replace_last_message_at(thread, message.created_at)
        group = self.groups[message.group_id]
        self.groups[group.group_id] = _replace_last_message_at(group, message.created_at)
        return message

    def list_messages(
        self, group_id: str, thread_id: str, *, before_key: str | None, limit: int
    ) -> Page[Message]:
        messages = [
            m for m in self.messages.values() if (m.group_id, m.thread_id) == (group_id, thread_id)
        ]
        return _page(messages, message_sort_key, before_key, limit)

    # Connections

    def put_connection(self, connection: Connection) -> None:
        self.connections[connection.user_id, connection.connection_id] = connection

    def delete_connection(self, user_id: str, connection_id: str) -> None:
        self.connections.pop((user_id, connection_id), None)

    def connections_for_group(self, group_id: str, now_epoch_seconds: int) -> list[Connection]:
        members = {user_id for (member_of, user_id) in self.memberships if member_of == group_id}
        # Live means expiresAt > now, as in both real adapters (DynamoDB filter, SQLite WHERE).
        live = [
            c
            for c in self.connections.values()
            if c.user_id in members and c.expires_at > now_epoch_seconds
        ]
        return sorted(live, key=lambda connection: connection.connection_id)


def _page(rows: list[T], key_of: Callable[[T], str], before_key: str | None, limit: int) -> Page[T]:
    ordered = sorted(rows, key=key_of, reverse=True)
    if before_key is not None:
        ordered = [row for row in ordered if key_of(row) < before_key]
    return page_of(ordered[: limit + 1], limit, key_of)


def _replace_last_message_at(entity: G, created_at: str) -> G:
    # lastMessageAt only grows: a late, older message must not move a thread back in the list.
    return replace(entity, last_message_at=max(entity.last_message_at, created_at))


class FakePusher:
    """A Pusher that records every send; connections listed in `gone` are reported as gone."""

    def __init__(self, gone: Iterable[str] = ()) -> None:
        self.sent: list[tuple[tuple[str, ...], bytes]] = []
        self.gone: set[str] = set(gone)

    def send(self, connection_ids: Sequence[str], data: bytes) -> list[str]:
        self.sent.append((tuple(connection_ids), data))
        return [connection_id for connection_id in connection_ids if connection_id in self.gone]

    def close(self) -> None:
        """Nothing to release."""

    def recipients(self) -> set[str]:
        """Return every connection id anything was sent to."""
        return {connection_id for ids, _ in self.sent for connection_id in ids}

    def frames_to(self, connection_id: str) -> list[dict[str, Any]]:
        """Return the decoded frames sent to one connection, in order."""
        return [json.loads(data) for ids, data in self.sent if connection_id in ids]


class SteppingClock:
    """A Clock that returns `now`, then moves it on by `step`, on every call.

    Args:
        start: The first moment returned; must be timezone-aware.
        step: How far each call moves the clock.
    """

    def __init__(
        self, start: datetime = DEFAULT_START, step: timedelta = timedelta(milliseconds=1)
    ) -> None:
        if start.tzinfo is None:
            raise ValueError("a clock returns aware datetimes")
        self.now = start.astimezone(UTC)
        self.step = step

    def __call__(self) -> datetime:
        current = self.now
        self.now += self.step
        return current

    def advance(self, delta: timedelta) -> None:
        """Move the clock by `delta` without a call."""
        self.now += delta


class FixedClock(SteppingClock):
    """A Clock that stands still until `advance` is called."""

    def __init__(self, moment: datetime = DEFAULT_START) -> None:
        super().__init__(moment, timedelta(0))


class FakeQueue:
    """A FanoutQueue that keeps what it is sent; with `refuse` set, it raises instead."""

    def __init__(self, refuse: bool = False) -> None:
        self.messages: list[QueuedMessage] = []
        self.refuse = refuse

    def send(self, messages: Sequence[QueuedMessage]) -> None:
        if self.refuse:
            raise RuntimeError("the queue refused the messages")
        self.messages += messages
