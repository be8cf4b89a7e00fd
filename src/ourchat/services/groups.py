"""Use cases for groups and their members."""

from __future__ import annotations

from ourchat.domain.errors import NotFound
from ourchat.domain.ids import new_ulid
from ourchat.domain.limits import check_emoticon, check_name, check_user_id
from ourchat.domain.models import Group, Membership, Role
from ourchat.domain.timestamps import epoch_ms, format_timestamp
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.services.access import require_member
from ourchat.services.fanout import MEMBER_ADDED, publish


def create_group(
    store: Store, clock: Clock, *, owner_id: str, group_name: str, emoticon: str | None = None
) -> Group:
    """Create a group whose creator becomes its owner and first member.

    Raises:
        BadRequest: The name or emoticon breaks a validation rule.
    """
    check_name("groupName", group_name)
    if emoticon is not None:
        check_emoticon(emoticon)
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
        Conflict: The user is a member already.
    """
    require_member(store, group_id, actor_id)
    check_user_id(user_id)
    if store.get_user(user_id) is None:
        raise NotFound(f"there is no user {user_id!r}; they must connect once first")
    membership = Membership(group_id, user_id, Role.MEMBER, format_timestamp(clock()))
    store.add_membership(membership)
    publish(store, pusher, clock, group_id, MEMBER_ADDED, {"groupId": group_id, "userId": user_id})
    return membership


def list_groups(store: Store, *, user_id: str) -> list[Group]:
    """Return the caller's groups, most recent lastMessageAt first (ties by groupId)."""
    group_ids = [membership.group_id for membership in store.list_memberships_of_user(user_id)]
    groups = store.get_groups(group_ids) if group_ids else []
    return sorted(groups, key=lambda group: (group.last_message_at, group.group_id), reverse=True)
