"""Use cases for groups and their members."""

from __future__ import annotations

from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.events import MEMBER_ADDED, MemberAdded
from ourchat.domain.ids import new_ulid
from ourchat.domain.limits import (
    DEFAULT_GROUPS_LIMIT,
    MAX_GROUPS_PER_USER,
    check_emoticon,
    check_limit,
    check_name,
    check_user_id,
)
from ourchat.domain.models import Group, Membership, Page, Role
from ourchat.domain.pagination import decode_cursor, group_sort_key, page_of
from ourchat.domain.timestamps import epoch_ms, format_timestamp
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.services.access import require_member
from ourchat.services.fanout import publish


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
    _require_room_for_another_group(store, owner_id)
    now = clock()
    created_at = format_timestamp(now)
    group = Group(new_ulid(epoch_ms(now)), group_name, created_at, created_at, emoticon)
    store.create_group(group, Membership(group.group_id, owner_id, Role.OWNER, created_at))
    return group


def add_member(
    store: Store, pusher: Pusher, clock: Clock, *, actor_id: str, group_id: str, user_id: str
) -> Membership:
    """Add a user to a group; members of the group are told, the new member included.

    Raises:
        BadRequest: An id is malformed.
        Forbidden: The caller is not a member of the group.
        NotFound: The user does not exist.
        Conflict: The user is a member already, or in as many groups as allowed.
    """
    require_member(store, group_id, actor_id)
    check_user_id(user_id)
    if store.get_user(user_id) is None:
        raise NotFound(f"there is no user {user_id!r}; they must connect once first")
    if store.get_membership(group_id, user_id) is not None:
        raise Conflict(f"{user_id!r} is a member of this group already")
    _require_room_for_another_group(store, user_id)
    membership = Membership(group_id, user_id, Role.MEMBER, format_timestamp(clock()))
    store.add_membership(membership)
    publish(store, pusher, clock, group_id, MEMBER_ADDED, MemberAdded(group_id, user_id))
    return membership


def list_groups(
    store: Store, *, user_id: str, cursor: str | None = None, limit: int | None = None
) -> Page[Group]:
    """Return a page of the caller's groups, most recent lastMessageAt first (ties by groupId).

    Raises:
        BadRequest: The cursor or limit is invalid.
    """
    page_size = check_limit(limit, DEFAULT_GROUPS_LIMIT)
    before_key = decode_cursor(cursor) if cursor is not None else None
    group_ids = [membership.group_id for membership in store.list_memberships_of_user(user_id)]
    groups = sorted(store.get_groups(group_ids) if group_ids else [], key=group_sort_key)
    rows = [g for g in reversed(groups) if before_key is None or group_sort_key(g) < before_key]
    return page_of(rows[: page_size + 1], page_size, group_sort_key)


def _require_room_for_another_group(store: Store, user_id: str) -> None:
    """Refuse a membership past MAX_GROUPS_PER_USER.

    Raises:
        Conflict: The user is in as many groups as allowed.
    """
    if len(store.list_memberships_of_user(user_id)) >= MAX_GROUPS_PER_USER:
        raise Conflict(f"{user_id!r} is in {MAX_GROUPS_PER_USER} groups, the most allowed")
