"""Use cases of a group's members: who is in it, their roles, leaving and removing.

Roles: one owner (the creator, until they hand it on), admins and members. The owner may do
anything to anyone but themself; an admin may invite, remove plain members and rename; a
member may leave. A member who leaves or is removed stops getting the group's events at once.
"""

from __future__ import annotations

from dataclasses import replace

from ourchat.domain.errors import BadRequest, Conflict, Forbidden, NotFound
from ourchat.domain.events import GroupEvent
from ourchat.domain.limits import (
    DEFAULT_MEMBERS_LIMIT,
    check_limit,
    check_role,
    check_user_id,
)
from ourchat.domain.models import Member, Page, Role
from ourchat.domain.pagination import decode_user_cursor
from ourchat.domain.timestamps import format_timestamp
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.services.access import MANAGERS, require_member, require_role
from ourchat.services.fanout import publish_event, publish_to_user

LEFT, REMOVED = "left", "removed"


def list_members(
    store: Store,
    clock: Clock,
    *,
    actor_id: str,
    group_id: str,
    cursor: str | None,
    limit: int | None,
) -> Page[Member]:
    """Return a page of a group's members by user id, with their public profiles and
    whether each is online.

    Raises:
        BadRequest: The cursor or limit is invalid.
        Forbidden: The caller is not a member of the group.
    """
    require_member(store, group_id, actor_id)
    page_size = check_limit(limit, DEFAULT_MEMBERS_LIMIT)
    after_key = decode_user_cursor(cursor) if cursor is not None else None
    page = store.list_members(group_id, after_key=after_key, limit=page_size)
    now = int(clock().timestamp())
    online = store.online_users([m.user_id for m in page.items], now) if page.items else set()
    members = tuple(replace(m, online=m.user_id in online) for m in page.items)
    return Page(members, page.next_cursor)


def leave_group(store: Store, pusher: Pusher, clock: Clock, *, user_id: str, group_id: str) -> None:
    """Leave a group; the other members and the leaver's own connections are told.

    Raises:
        Forbidden: The caller is not a member of the group.
        Conflict: The caller is the owner and others remain: they must hand ownership on.
    """
    membership = require_member(store, group_id, user_id)
    if membership.role is Role.OWNER and store.has_other_members(group_id, user_id):
        raise Conflict("the owner cannot leave while others remain: make someone else owner first")
    end_membership(store, pusher, clock, group_id, user_id, LEFT)


def remove_member(
    store: Store, pusher: Pusher, clock: Clock, *, actor_id: str, group_id: str, user_id: str
) -> None:
    """Remove a member: the owner may remove anyone else, an admin plain members only.

    Raises:
        BadRequest: The user id is malformed, or names the caller (leave instead).
        Forbidden: The caller may not remove this member.
        NotFound: The user is not a member.
    """
    actor = require_member(store, group_id, actor_id)
    require_role(actor, MANAGERS, "remove members")
    check_user_id(user_id)
    if user_id == actor_id:
        raise BadRequest("you cannot remove yourself: use leaveGroup")
    target = store.get_membership(group_id, user_id)
    if target is None:
        raise NotFound(f"{user_id!r} is not a member of this group")
    if actor.role is Role.ADMIN and target.role is not Role.MEMBER:
        raise Forbidden("an admin may remove members only, not admins or the owner")
    end_membership(store, pusher, clock, group_id, user_id, REMOVED)


def set_member_role(
    store: Store,
    pusher: Pusher,
    clock: Clock,
    *,
    actor_id: str,
    group_id: str,
    user_id: str,
    role: str,
) -> list[GroupEvent]:
    """Change a member's role (owner only); making someone owner hands ownership on, and the
    caller becomes an admin.

    Returns:
        The member.updated events, already published.

    Raises:
        BadRequest: The user id or role is malformed, or names the caller.
        Forbidden: The caller is not the owner.
        NotFound: The user is not a member.
    """
    actor = require_member(store, group_id, actor_id)
    require_role(actor, frozenset({Role.OWNER}), "change roles")
    check_user_id(user_id)
    new_role = check_role(role)
    if user_id == actor_id:
        raise BadRequest("the owner's own role changes only by making someone else owner")
    if store.get_membership(group_id, user_id) is None:
        raise NotFound(f"{user_id!r} is not a member of this group")
    if new_role is Role.OWNER:
        events = store.transfer_ownership(group_id, actor_id, user_id)
    else:
        events = [store.set_role(group_id, actor_id, user_id, new_role)]
    for event in events:
        publish_event(store, pusher, clock, event)
    return events


def end_membership(
    store: Store, pusher: Pusher, clock: Clock, group_id: str, user_id: str, reason: str
) -> None:
    """End a membership and tell the rest of the group, then the member's own connections.

    The member's connections stop getting the group's events in the same write, so they are
    told directly: member.removed is the last event of the group they get.
    """
    now = clock()
    event = store.remove_membership(
        group_id, user_id, reason=reason, departed_at=format_timestamp(now)
    )
    publish_event(store, pusher, clock, event)
    publish_to_user(
        store, pusher, clock, user_id, event.name, event.payload, group_id=group_id, seq=event.seq
    )
