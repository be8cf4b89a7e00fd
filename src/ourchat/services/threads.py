"""Use cases for threads."""

from __future__ import annotations

from ourchat.domain.events import THREAD_CREATED
from ourchat.domain.ids import new_ulid
from ourchat.domain.limits import DEFAULT_THREADS_LIMIT, check_color, check_limit, check_name
from ourchat.domain.models import Page, Thread
from ourchat.domain.pagination import decode_cursor
from ourchat.domain.timestamps import epoch_ms, format_timestamp
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.services.access import require_member
from ourchat.services.fanout import publish


def create_thread(
    store: Store,
    pusher: Pusher,
    clock: Clock,
    *,
    actor_id: str,
    group_id: str,
    thread_name: str,
    color: str | None = None,
) -> Thread:
    """Create a thread in a group; its lastMessageAt starts at its createdAt.

    Raises:
        BadRequest: A field breaks a validation rule.
        Forbidden: The caller is not a member of the group.
    """
    require_member(store, group_id, actor_id)
    check_name("threadName", thread_name)
    if color is not None:
        check_color(color)
    now = clock()
    created_at = format_timestamp(now)
    thread = Thread(new_ulid(epoch_ms(now)), group_id, thread_name, created_at, created_at, color)
    store.create_thread(thread)
    publish(store, pusher, clock, group_id, THREAD_CREATED, thread)
    return thread


def get_threads_by_group(
    store: Store,
    *,
    actor_id: str,
    group_id: str,
    cursor: str | None = None,
    limit: int | None = None,
) -> Page[Thread]:
    """Return a page of a group's threads, most recent lastMessageAt first.

    Raises:
        BadRequest: The cursor or limit is invalid.
        Forbidden: The caller is not a member of the group.
    """
    require_member(store, group_id, actor_id)
    page_size = check_limit(limit, DEFAULT_THREADS_LIMIT)
    before_key = decode_cursor(cursor) if cursor is not None else None
    return store.list_threads_by_group(group_id, before_key=before_key, limit=page_size)
