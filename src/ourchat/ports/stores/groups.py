"""The store port's group operations: groups, memberships and departures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ourchat.domain.events import GroupEvent
from ourchat.domain.models import Departure, Group, Invitation, Member, Membership, Page, Role


class GroupStore(Protocol):
    """Groups and their members.

    Every change a group's members are told about is logged in the group's history in the
    same write: the method returns the numbered `GroupEvent` (see `EventStore`).
    """

    def create_group(self, group: Group, owner: Membership) -> None:
        """Store a new group (seq 0) with its owner's membership; the owner's live
        connections are subscribed to the group's events at once.

        Raises:
            Conflict: A group with this id exists.
        """
        ...

    def get_group(self, group_id: str) -> Group | None:
        """Return the group, or None."""
        ...

    def get_groups(self, group_ids: Sequence[str], *, consistent: bool = False) -> list[Group]:
        """Return the groups that exist among `group_ids`, in no particular order.

        Args:
            consistent: Read each group as last written (strongly consistent reads), e.g.
                for its current seq; otherwise a change of a moment ago may not show yet.
        """
        ...

    def update_group(
        self, group_id: str, group_name: str | None, emoticon: str | None
    ) -> GroupEvent:
        """Change a group's name and emoticon; log group.updated.

        The fields are applied to the group as it is when the change commits, so two
        changes of different fields at once both stay.

        Args:
            group_name: The new name, or None to keep it.
            emoticon: The new emoticon, "" to remove it, or None to keep it.

        Raises:
            NotFound: There is no such group.
        """
        ...

    def add_membership(
        self, membership: Membership, invitation: Invitation | None = None
    ) -> GroupEvent:
        """Make a member (and use up their invitation, if given); log member.added.

        The member's live connections are subscribed to the group's events at once; the
        stored membership's joined_seq is the event's seq.

        Raises:
            NotFound: The group does not exist, or the invitation is gone.
            Conflict: The user is a member already.
        """
        ...

    def get_membership(self, group_id: str, user_id: str) -> Membership | None:
        """Return the membership, or None."""
        ...

    def list_memberships_of_user(self, user_id: str) -> list[Membership]:
        """Return every membership of a user, in no particular order."""
        ...

    def get_memberships_of(self, user_id: str, group_ids: Sequence[str]) -> list[Membership]:
        """Return the user's memberships of those groups, as last written, in no order."""
        ...

    def list_members(self, group_id: str, *, after_key: str | None, limit: int) -> Page[Member]:
        """Return a page of a group's members by user id, with their public profile.

        Args:
            after_key: Only members whose user id is above this one (from a cursor).
        """
        ...

    def has_other_members(self, group_id: str, user_id: str) -> bool:
        """Tell whether the group has a member other than `user_id` (reads two at most)."""
        ...

    def set_role(self, group_id: str, owner_id: str, user_id: str, role: Role) -> GroupEvent:
        """Change a member's role on behalf of the owner; log member.updated.

        Both memberships are checked in the write itself, so a hand-over of ownership at
        the same moment cannot let a former owner change roles, or demote the new owner.

        Raises:
            NotFound: The user is not a member.
            Conflict: `owner_id` is not the owner, or the user is.
        """
        ...

    def transfer_ownership(
        self, group_id: str, owner_id: str, new_owner_id: str
    ) -> list[GroupEvent]:
        """Make `new_owner_id` the owner and the old owner an admin, in one write.

        Returns:
            The two member.updated events: the new owner's, then the old owner's.

        Raises:
            NotFound: Either user is not a member.
            Conflict: `owner_id` is not the owner.
        """
        ...

    def remove_membership(
        self, group_id: str, user_id: str, *, reason: str, departed_at: str
    ) -> GroupEvent:
        """End a membership, unsubscribe the user's connections, keep a Departure; log
        member.removed (with `reason`).

        Raises:
            NotFound: The user is not a member.
        """
        ...

    def get_departure(
        self, group_id: str, user_id: str, now_epoch_seconds: int
    ) -> Departure | None:
        """Return the user's latest departure from the group, while its events are kept."""
        ...
