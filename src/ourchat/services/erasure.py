"""Use case `deleteUser`: a user erases their own account.

What goes: the profile (name, picture, date of birth), every membership (each group hears
member.removed, as if they left), open invitations to them, their read pointers, presence
and live connections (told `account.deleted` and closed, except the one asking, which gets
the reply and is closed by its client). What stays: the messages they sent, under their
user id, so that conversations keep their shape; their content can be deleted message by
message first.
"""

from __future__ import annotations

from ourchat.domain.errors import Conflict
from ourchat.domain.events import ACCOUNT_DELETED, AccountDeleted
from ourchat.domain.models import Role
from ourchat.domain.timestamps import format_timestamp
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.services.fanout import push_event
from ourchat.services.members import LEFT, end_membership

_INVITATION_PAGE = 100
# Rounds of erasing what racing requests of the user added after the first pass.
_SWEEPS = 3


def delete_user(
    store: Store, pusher: Pusher, clock: Clock, *, user_id: str, asking: str | None = None
) -> list[str]:
    """Erase the caller's account and close their other connections.

    The other connections are told (`account.deleted`) and closed first, while their records
    still exist, so that a retry after a failure finds and closes them again. After the User
    item is gone, memberships and connections that a racing request of the same user (a join,
    a connect) added meanwhile are erased too.

    Args:
        user_id: The account to erase.
        asking: The connection the request came on: forgotten but left open for the reply.

    Returns:
        The ids of the user's connections, now forgotten.

    Raises:
        Conflict: The user owns a group that has other members: they must hand ownership
            on first (nothing is erased).
    """
    memberships = store.list_memberships_of_user(user_id)
    owned = sorted(
        m.group_id
        for m in memberships
        if m.role is Role.OWNER and store.has_other_members(m.group_id, user_id)
    )
    if owned:
        raise Conflict(f"hand ownership of {len(owned)} group(s) on first: {', '.join(owned)}")
    forgotten = _close_connections(store, pusher, clock, user_id, asking)
    for membership in memberships:
        end_membership(store, pusher, clock, membership.group_id, user_id, LEFT)
    now = clock()
    while invitations := store.list_invitations(
        user_id, format_timestamp(now), before_key=None, limit=_INVITATION_PAGE
    ).items:
        for invitation in invitations:
            store.delete_invitation(invitation.group_id, user_id)
    store.delete_user(user_id)
    for _ in range(_SWEEPS):
        late = store.list_memberships_of_user(user_id)
        more = _close_connections(store, pusher, clock, user_id, asking)
        if not late and not more:
            break
        for membership in late:
            end_membership(store, pusher, clock, membership.group_id, user_id, LEFT)
        forgotten += more
        store.delete_user(user_id)
    return forgotten


def _close_connections(
    store: Store, pusher: Pusher, clock: Clock, user_id: str, asking: str | None
) -> list[str]:
    """Tell the user's other connections, close them, then forget every connection record."""
    connections = store.connections_of_user(user_id, int(clock().timestamp()))
    others = [c for c in connections if c.connection_id != asking]
    if others:
        # Told first, so that their clients sign out instead of reconnecting (a reconnect
        # would start a new, empty account under the same identity).
        push_event(store, pusher, clock, others, ACCOUNT_DELETED, AccountDeleted(user_id))
        pusher.disconnect([c.connection_id for c in others])
    for connection in connections:
        store.delete_connection(user_id, connection.connection_id)
    return [c.connection_id for c in connections]
