"""Data written straight through a store adapter before a server starts (never through a socket)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from benchmarks.progress import Progress
from ourchat.domain.ids import new_ulid
from ourchat.domain.models import Group, Membership, Message, Role, Thread, User
from ourchat.domain.timestamps import epoch_ms, format_timestamp
from ourchat.ports.store import Store

SEED_CONTENT = "a stored message of about the size of a chat line " * 4


@dataclass(frozen=True, slots=True)
class Room:
    """A group with one thread and its members, as the scenarios address it."""

    group_id: str
    thread_id: str
    members: tuple[str, ...]


def user_ids(label: str, count: int) -> tuple[str, ...]:
    """Return `count` distinct user ids, unique to this run, e.g. `b1a2b3c-f100-0007`."""
    run = uuid.uuid4().hex[:6]
    return tuple(f"b{run}-{label}-{index:04d}" for index in range(count))


def seed_users(store: Store, ids: Sequence[str], now: datetime) -> None:
    """Create the users."""
    created = format_timestamp(now)
    for user_id in ids:
        store.put_user(User(user_id, f"Bench {user_id[-4:]}", created))


def seed_room(store: Store, members: Sequence[str], now: datetime, name: str = "bench") -> Room:
    """Create users, a group they are all members of (the first owns it), and one thread.

    Raises:
        ValueError: There are no members.
    """
    if not members:
        raise ValueError("a room needs at least one member")
    seed_users(store, members, now)
    created = format_timestamp(now)
    group_id = new_ulid(epoch_ms(now))
    store.create_group(
        Group(group_id, name, created, created),
        Membership(group_id, members[0], Role.OWNER, created),
    )
    for member in members[1:]:
        store.add_membership(Membership(group_id, member, Role.MEMBER, created))
    thread_id = new_ulid(epoch_ms(now))
    store.create_thread(Thread(thread_id, group_id, f"{name} thread", created, created))
    return Room(group_id, thread_id, tuple(members))


def seed_threads(store: Store, group_id: str, count: int, now: datetime) -> list[str]:
    """Create `count` more threads in a group, one millisecond apart, oldest first."""
    start = now - timedelta(milliseconds=count)
    ids: list[str] = []
    for index in range(count):
        moment = start + timedelta(milliseconds=index)
        created = format_timestamp(moment)
        thread_id = new_ulid(epoch_ms(moment))
        store.create_thread(Thread(thread_id, group_id, f"thread {index}", created, created))
        ids.append(thread_id)
    return ids


def seed_messages(
    store: Store,
    room: Room,
    count: int,
    now: datetime,
    progress: Progress | None = None,
    *,
    reacted_every: int = 0,
) -> None:
    """Append `count` messages to the room's thread, one millisecond apart, ending at `now`.

    They go through `Store.append_message`, exactly as a send stores them.

    Args:
        reacted_every: Every so many messages (0: none), each member reacts 👍 to it and
            the first also 🎉, through `Store.add_reaction`.
    """
    start = now - timedelta(milliseconds=count)
    for index in range(count):
        moment = start + timedelta(milliseconds=index)
        sender = room.members[index % len(room.members)]
        message = store.append_message(
            Message(
                new_ulid(epoch_ms(moment)),
                room.group_id,
                room.thread_id,
                SEED_CONTENT,
                sender,
                format_timestamp(moment),
            )
        )
        if reacted_every and index % reacted_every == reacted_every - 1:
            for member in room.members:
                store.add_reaction(message.message_id, member, "👍")
            store.add_reaction(message.message_id, room.members[0], "🎉")
        if progress is not None:
            progress.update("seeding messages", index + 1, count)
