"""Use cases for threads."""

from __future__ import annotations

from ourchat.domain.errors import BadRequest, Forbidden
from ourchat.domain.ids import new_ulid
from ourchat.domain.limits import DEFAULT_THREADS_LIMIT, check_color, check_limit, check_name
from ourchat.domain.models import Page, Thread, ThreadView
from ourchat.domain.pagination import decode_cursor
from ourchat.domain.timestamps import epoch_ms, format_timestamp
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.services.access import MANAGERS, require_member, require_thread_access
from ourchat.services.fanout import publish_event
from ourchat.services.read_state import threads_with_unread


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
    thread = Thread(
        new_ulid(epoch_ms(now)), group_id, thread_name, created_at, created_at, color, actor_id
    )
    publish_event(store, pusher, clock, store.create_thread(thread))
    return thread


def get_threads_by_group(
    store: Store,
    *,
    actor_id: str,
    group_id: str,
    cursor: str | None = None,
    limit: int | None = None,
) -> Page[ThreadView]:
    """Return a page of a group's threads, most recent lastMessageAt first, each with the
    caller's unread count and read pointer.

    Raises:
        BadRequest: The cursor or limit is invalid.
        Forbidden: The caller is not a member of the group.
    """
    membership = require_member(store, group_id, actor_id)
    page_size = check_limit(limit, DEFAULT_THREADS_LIMIT)
    before_key = decode_cursor(cursor) if cursor is not None else None
    page = store.list_threads_by_group(group_id, before_key=before_key, limit=page_size)
    views = threads_with_unread(store, actor_id, membership, page.items)
    return Page(tuple(views), page.next_cursor)


def update_thread(
    store: Store,
    pusher: Pusher,
    clock: Clock,
    *,
    actor_id: str,
    thread_id: str,
    thread_name: str | None,
    color: str | None,
) -> Thread:
    """Rename or recolor a thread ("" removes the color): its creator, the owner or an admin.

    Raises:
        BadRequest: Nothing to change, or a field breaks a validation rule.
        Forbidden: The caller may not change this thread, or it does not exist.
    """
    thread, membership = require_thread_access(store, thread_id, actor_id)
    if membership.role not in MANAGERS and thread.creator_user_id != actor_id:
        raise Forbidden(
            "only the thread's creator, or the group's owner or an admin, may change it"
        )
    if thread_name is None and color is None:
        raise BadRequest("give threadName or color (an empty color removes it)")
    if thread_name is not None:
        check_name("threadName", thread_name)
    if color:
        check_color(color)
    event = store.update_thread(thread_id, thread_name, color)
    publish_event(store, pusher, clock, event)
    updated = event.payload
    if not isinstance(updated, Thread):
        raise TypeError("thread.updated carries a Thread")
    return updated
