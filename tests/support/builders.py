"""Builders of valid entities with random ids, and a timeline of sortable timestamps.

Timestamps come from explicit offsets on a fixed timeline, so orderings are deterministic;
ids are fresh ULIDs, so tests sharing a store never see each other's rows.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from ourchat.domain.ids import new_ulid
from ourchat.domain.models import (
    Connection,
    Group,
    Invitation,
    Membership,
    Message,
    Role,
    Thread,
    User,
)
from ourchat.domain.timestamps import format_timestamp, parse_timestamp
from ourchat.ports.store import Store

TIMELINE_START = datetime(2026, 11, 28, 3, 20, tzinfo=UTC)


def at(seconds: float) -> str:
    """Return the timestamp `seconds` after the start of the timeline."""
    return format_timestamp(TIMELINE_START + timedelta(seconds=seconds))


def future_epoch() -> int:
    """Return a Unix time one day ahead of the system clock, to use as a test's `now`.

    Connection expiry is judged against the `now` a caller passes, but purges and TTLs run on
    the system clock; around this `now`, every connection is live by the system clock.
    """
    return int(time.time()) + 24 * 3600


def user_id() -> str:
    """Return a fresh user id in the identity provider's style."""
    return f"user-{uuid.uuid4()}"


def a_user(
    uid: str | None = None,
    *,
    name: str = "Ada",
    created_at: str = at(0),
    profile_image_url: str | None = None,
    date_of_birth: str | None = None,
) -> User:
    """Return a user, with a fresh id unless one is given."""
    return User(uid or user_id(), name, created_at, profile_image_url, date_of_birth)


def a_group(
    *, created_at: str = at(0), name: str = "Climbers", emoticon: str | None = None
) -> Group:
    """Return a new group whose lastMessageAt is its createdAt."""
    return Group(new_ulid(), name, created_at, created_at, emoticon)


def owner_of(group: Group, uid: str) -> Membership:
    """Return the owner membership that comes with a new group."""
    return Membership(group.group_id, uid, Role.OWNER, group.created_at)


def a_member(group_id: str, uid: str, *, joined_at: str = at(1)) -> Membership:
    """Return a plain membership."""
    return Membership(group_id, uid, Role.MEMBER, joined_at)


def a_thread(
    group_id: str, *, created_at: str = at(0), name: str = "Routes", color: str | None = None
) -> Thread:
    """Return a new thread whose lastMessageAt is its createdAt."""
    return Thread(new_ulid(), group_id, name, created_at, created_at, color)


def a_message(
    thread: Thread,
    sender: str,
    *,
    created_at: str,
    content: str = "hello",
    client_message_id: str | None = None,
    message_id: str | None = None,
) -> Message:
    """Return a message to a thread, in the thread's group."""
    return Message(
        message_id or new_ulid(),
        thread.group_id,
        thread.thread_id,
        content,
        sender,
        created_at,
        client_message_id,
    )


def an_invitation(
    group_id: str, uid: str, *, invited_by: str = "someone", created_at: str = at(1), days: int = 7
) -> Invitation:
    """Return an invitation that expires `days` after it was made."""
    expires = format_timestamp(parse_timestamp(created_at) + timedelta(days=days))
    return Invitation(group_id, uid, invited_by, created_at, expires)


def a_connection(uid: str, *, expires_at: int, connected_at: str = at(0)) -> Connection:
    """Return a connection with a fresh API Gateway style id."""
    return Connection(f"conn-{uuid.uuid4().hex[:16]}=", uid, connected_at, expires_at)


@dataclass(frozen=True)
class Room:
    """A group with one thread and its owner, stored."""

    group: Group
    thread: Thread
    owner: str


def make_room(store: Store, created_at: str = at(0)) -> Room:
    """Store a new group, its owner's membership and one thread, all created at `created_at`."""
    owner = user_id()
    group = a_group(created_at=created_at)
    store.create_group(group, owner_of(group, owner))
    thread = a_thread(group.group_id, created_at=created_at)
    store.create_thread(thread)
    return Room(group, thread, owner)


def all_messages(store: Store, thread: Thread) -> list[Message]:
    """Return the first 100 messages of a thread, newest first, unnumbered."""
    page = store.list_messages(thread.group_id, thread.thread_id, before_key=None, limit=100)
    return [unnumbered(message) for message in page.items]


N = TypeVar("N", Message, Group, Membership, Message | None, Group | None, Membership | None)


def unnumbered(entity: N) -> N:
    """The entity without the numbers the group's history gives it (seq, joined_seq), to
    compare contents with an entity built before it was stored."""
    if isinstance(entity, Message):
        return replace(entity, seq=None)
    if isinstance(entity, Group):
        return replace(entity, seq=0)
    if isinstance(entity, Membership):
        return replace(entity, joined_seq=0)
    return entity
