"""Use cases of read state: markRead, and the unread counts listings carry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from ourchat.domain.errors import NotFound
from ourchat.domain.events import READ_UPDATED, ReadUpdated
from ourchat.domain.limits import MAX_UNREAD_COUNT, UNREAD_THREADS_PER_GROUP, check_entity_id
from ourchat.domain.models import Group, GroupView, Membership, ReadPointer, Thread, ThreadView
from ourchat.domain.pagination import message_sort_key
from ourchat.domain.timestamps import format_timestamp
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.services.access import require_thread_access
from ourchat.services.fanout import publish_to_user


def mark_read(
    store: Store,
    pusher: Pusher,
    clock: Clock,
    *,
    user_id: str,
    connection_id: str,
    thread_id: str,
    message_id: str,
) -> ReadPointer:
    """Move the caller's read pointer of a thread to a message; it only moves forward.

    When it moved, the caller's other connections get read.updated (nobody else does).

    Returns:
        The pointer as it is now: at this message, or further on.

    Raises:
        BadRequest: An id is malformed.
        Forbidden: The caller is not a member of the thread's group.
        NotFound: No such message in this thread.
    """
    thread, _ = require_thread_access(store, thread_id, user_id)
    check_entity_id("messageId", message_id)
    message = store.get_message(message_id)
    if message is None or message.thread_id != thread_id:
        raise NotFound("there is no such message in this thread")
    wanted = ReadPointer(
        user_id,
        thread_id,
        thread.group_id,
        message_id,
        message_sort_key(message),
        format_timestamp(clock()),
    )
    stored = store.mark_read(wanted)
    if stored == wanted:
        moved = ReadUpdated(thread.group_id, thread_id, message_id)
        publish_to_user(
            store, pusher, clock, user_id, READ_UPDATED, moved, except_connection=connection_id
        )
    return stored


def floor_of(membership: Membership) -> str:
    """The sort key unread messages come after in a thread the member never marked read:
    nothing said before they joined is unread to them."""
    return f"{membership.joined_at}#"


def threads_with_unread(
    store: Store, user_id: str, membership: Membership, threads: Sequence[Thread]
) -> list[ThreadView]:
    """The threads as the member lists them: with unread counts and read pointers."""
    found = store.read_pointers(user_id, [t.thread_id for t in threads])
    pointers = {p.thread_id: p for p in found}
    counts = store.unread_in_threads(
        user_id, threads, floor_of(membership), MAX_UNREAD_COUNT, pointers=found
    )
    views = []
    for thread in threads:
        pointer = pointers.get(thread.thread_id)
        views.append(
            ThreadView(
                **asdict(thread),
                unread_count=counts.get(thread.thread_id, 0),
                last_read_message_id=pointer.message_id if pointer is not None else None,
            )
        )
    return views


def groups_with_unread(
    store: Store, user_id: str, memberships: dict[str, Membership], groups: Sequence[Group]
) -> list[GroupView]:
    """The groups as the member lists them: with unread counts."""
    return [
        GroupView(
            **asdict(group),
            unread_count=_group_unread(store, user_id, memberships[group.group_id], group),
        )
        for group in groups
    ]


def _group_unread(store: Store, user_id: str, membership: Membership, group: Group) -> int:
    floor = floor_of(membership)
    if f"{group.last_message_at}#~" <= floor:  # nothing said since the member joined
        return 0
    return store.unread_in_group(
        user_id, group.group_id, floor, MAX_UNREAD_COUNT, UNREAD_THREADS_PER_GROUP
    )
