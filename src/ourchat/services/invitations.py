"""Use cases of invitations: an owner or admin invites, the invitee accepts or declines.

Nobody becomes a member without their consent: inviting makes a pending invitation, which
counts against nothing and expires by itself; only accepting makes a membership.
"""

from __future__ import annotations

from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.events import INVITATION_CREATED, GroupInvitation
from ourchat.domain.limits import (
    DEFAULT_INVITATIONS_LIMIT,
    INVITATION_LIFETIME,
    check_entity_id,
    check_limit,
    check_user_id,
)
from ourchat.domain.models import Group, Invitation, Membership, Page, Role
from ourchat.domain.pagination import decode_cursor
from ourchat.domain.timestamps import format_timestamp
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.services.access import MANAGERS, require_member, require_role
from ourchat.services.fanout import publish_event, publish_to_user
from ourchat.services.groups import require_room_for_another_group

NO_INVITATION = "you have no open invitation to this group"


def invite(
    store: Store, pusher: Pusher, clock: Clock, *, actor_id: str, group_id: str, user_id: str
) -> Invitation:
    """Invite a user to a group (again: the invitation starts over); tell the invitee.

    Raises:
        BadRequest: An id is malformed.
        Forbidden: The caller is not the group's owner or an admin.
        NotFound: The user does not exist.
        Conflict: The user is a member already.
    """
    actor = require_member(store, group_id, actor_id)
    require_role(actor, MANAGERS, "invite members")
    check_user_id(user_id)
    if store.get_user(user_id) is None:
        raise NotFound(f"there is no user {user_id!r}; they must connect once first")
    if store.get_membership(group_id, user_id) is not None:
        raise Conflict(f"{user_id!r} is a member of this group already")
    now = clock()
    invitation = store.put_invitation(
        Invitation(
            group_id,
            user_id,
            actor_id,
            format_timestamp(now),
            format_timestamp(now + INVITATION_LIFETIME),
        )
    )
    group = store.get_group(group_id)
    if group is not None:
        publish_to_user(
            store, pusher, clock, user_id, INVITATION_CREATED, with_group(invitation, group)
        )
    return invitation


def accept_invitation(
    store: Store, pusher: Pusher, clock: Clock, *, user_id: str, group_id: str
) -> Membership:
    """Accept an open invitation: become a member; every member is told, the new one too.

    Raises:
        BadRequest: The group id is malformed.
        NotFound: There is no open invitation to the group.
        Conflict: The caller is a member already, or in as many groups as allowed.
    """
    check_entity_id("groupId", group_id)
    now = clock()
    invitation = store.get_invitation(group_id, user_id, format_timestamp(now))
    if invitation is None:
        raise NotFound(NO_INVITATION)
    require_room_for_another_group(store, user_id)
    membership = Membership(group_id, user_id, Role.MEMBER, format_timestamp(now))
    event = store.add_membership(membership, invitation)
    publish_event(store, pusher, clock, event)
    return Membership(group_id, user_id, Role.MEMBER, membership.joined_at, event.seq)


def decline_invitation(store: Store, clock: Clock, *, user_id: str, group_id: str) -> None:
    """Decline an open invitation; it is gone, and nobody is told.

    Raises:
        BadRequest: The group id is malformed.
        NotFound: There is no open invitation to the group.
    """
    check_entity_id("groupId", group_id)
    if store.get_invitation(group_id, user_id, format_timestamp(clock())) is None:
        raise NotFound(NO_INVITATION)
    store.delete_invitation(group_id, user_id)


def list_invitations(
    store: Store, clock: Clock, *, user_id: str, cursor: str | None, limit: int | None
) -> Page[GroupInvitation]:
    """Return a page of the caller's open invitations, newest first, each with its group.

    Raises:
        BadRequest: The cursor or limit is invalid.
    """
    page_size = check_limit(limit, DEFAULT_INVITATIONS_LIMIT)
    before_key = decode_cursor(cursor) if cursor is not None else None
    page = store.list_invitations(
        user_id, format_timestamp(clock()), before_key=before_key, limit=page_size
    )
    groups = {g.group_id: g for g in store.get_groups([i.group_id for i in page.items])}
    items = [with_group(i, groups[i.group_id]) for i in page.items if i.group_id in groups]
    return Page(tuple(items), page.next_cursor)


def with_group(invitation: Invitation, group: Group) -> GroupInvitation:
    """An invitation as the invitee sees it: with the group it is to."""
    return GroupInvitation(
        invitation.group_id,
        invitation.user_id,
        invitation.invited_by,
        invitation.created_at,
        invitation.expires_at,
        group,
    )
