"""Use cases for groups and their members."""

from __future__ import annotations

from ourchat.domain.errors import BadRequest, Conflict
from ourchat.domain.ids import new_ulid
from ourchat.domain.limits import (
    DEFAULT_GROUPS_LIMIT,
    MAX_GROUPS_PER_USER,
    check_emoticon,
    check_limit,
    check_name,
)
from ourchat.domain.models import Group, GroupView, Membership, Page, Role
from ourchat.domain.pagination import decode_cursor, group_sort_key, page_of
from ourchat.domain.timestamps import epoch_ms, format_timestamp
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.services.access import MANAGERS, require_member, require_role
from ourchat.services.fanout import publish_event
from ourchat.services.read_state import groups_with_unread


def create_group(
    store: Store, clock: Clock, *, owner_id: str, group_name: str, emoticon: str | None = None
) -> Group:
    """Create a group whose creator becomes its owner and first member.

    Raises:
        BadRequest: The name or emoticon breaks a validation rule.
        Conflict: The owner is in as many groups as allowed.
    """
    check_name("groupName", group_name)
    if emoticon is not None:
        check_emoticon(emoticon)
    require_room_for_another_group(store, owner_id)
    now = clock()
    created_at = format_timestamp(now)
    group = Group(new_ulid(epoch_ms(now)), group_name, created_at, created_at, emoticon)
    store.create_group(group, Membership(group.group_id, owner_id, Role.OWNER, created_at))
    return group


def list_groups(
    store: Store, *, user_id: str, cursor: str | None = None, limit: int | None = None
) -> Page[GroupView]:
    """Return a page of the caller's groups, most recent lastMessageAt first (ties by groupId),
    each with its current seq and the caller's unread count.

    Raises:
        BadRequest: The cursor or limit is invalid.
    """
    page_size = check_limit(limit, DEFAULT_GROUPS_LIMIT)
    before_key = decode_cursor(cursor) if cursor is not None else None
    memberships = {m.group_id: m for m in store.list_memberships_of_user(user_id)}
    groups = sorted(store.get_groups(list(memberships)) if memberships else [], key=group_sort_key)
    rows = [g for g in reversed(groups) if before_key is None or group_sort_key(g) < before_key]
    page = page_of(rows[: page_size + 1], page_size, group_sort_key)
    views = groups_with_unread(store, user_id, memberships, page.items)
    return Page(tuple(views), page.next_cursor)


def update_group(
    store: Store,
    pusher: Pusher,
    clock: Clock,
    *,
    actor_id: str,
    group_id: str,
    group_name: str | None,
    emoticon: str | None,
) -> Group:
    """Rename a group or change its emoticon ("" removes it): the owner or an admin.

    Raises:
        BadRequest: Nothing to change, or a field breaks a validation rule.
        Forbidden: The caller is not the group's owner or an admin.
    """
    actor = require_member(store, group_id, actor_id)
    require_role(actor, MANAGERS, "change the group")
    if group_name is None and emoticon is None:
        raise BadRequest("give groupName or emoticon (an empty emoticon removes it)")
    if group_name is not None:
        check_name("groupName", group_name)
    if emoticon:
        check_emoticon(emoticon)
    event = store.update_group(group_id, group_name, emoticon)
    publish_event(store, pusher, clock, event)
    updated = event.payload
    if not isinstance(updated, Group):
        raise TypeError("group.updated carries a Group")
    return updated


def require_room_for_another_group(store: Store, user_id: str) -> None:
    """Refuse a membership past MAX_GROUPS_PER_USER; pending invitations do not count.

    Raises:
        Conflict: The user is in as many groups as allowed.
    """
    if len(store.list_memberships_of_user(user_id)) >= MAX_GROUPS_PER_USER:
        raise Conflict(f"{user_id!r} is in {MAX_GROUPS_PER_USER} groups, the most allowed")
