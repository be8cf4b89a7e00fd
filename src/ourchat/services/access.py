"""Authorization checks shared by the use cases.

A caller who is not a member learns nothing from an id: a group that does not exist and a
group the caller is not in give the same error, and likewise for threads.
"""

from __future__ import annotations

from ourchat.domain.errors import Forbidden
from ourchat.domain.limits import check_entity_id
from ourchat.domain.models import Membership, Role, Thread
from ourchat.ports.store import Store

NOT_A_MEMBER = "you are not a member of this group, or it does not exist"
NO_THREAD_ACCESS = "you are not a member of this thread's group, or the thread does not exist"
MANAGERS = frozenset({Role.OWNER, Role.ADMIN})


def require_member(store: Store, group_id: str, user_id: str) -> Membership:
    """Return the caller's membership of a group.

    Raises:
        BadRequest: The group id is malformed.
        Forbidden: The caller is not a member, or the group does not exist.
    """
    check_entity_id("groupId", group_id)
    membership = store.get_membership(group_id, user_id)
    if membership is None:
        raise Forbidden(NOT_A_MEMBER)
    return membership


def require_role(membership: Membership, allowed: frozenset[Role], doing: str) -> None:
    """Refuse a member whose role is not among `allowed`.

    Args:
        doing: What the caller tried, for the message, e.g. "invite members".

    Raises:
        Forbidden: The member's role may not do this.
    """
    if membership.role not in allowed:
        roles = " or ".join(sorted(str(role) for role in allowed))
        raise Forbidden(f"only the group's {roles} may {doing}")


def require_thread_access(store: Store, thread_id: str, user_id: str) -> tuple[Thread, Membership]:
    """Return a thread whose group the caller is a member of, and that membership.

    Raises:
        BadRequest: The thread id is malformed.
        Forbidden: The thread does not exist, or the caller is not a member of its group.
    """
    check_entity_id("threadId", thread_id)
    thread = store.get_thread(thread_id)
    membership = store.get_membership(thread.group_id, user_id) if thread is not None else None
    if thread is None or membership is None:
        raise Forbidden(NO_THREAD_ACCESS)
    return thread, membership
