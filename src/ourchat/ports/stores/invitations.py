"""The store port's invitation operations."""

from __future__ import annotations

from typing import Protocol

from ourchat.domain.models import Invitation, Page


class InvitationStore(Protocol):
    """Pending invitations; an expired one is as good as gone (stores filter on expiresAt)."""

    def put_invitation(self, invitation: Invitation) -> Invitation:
        """Store an invitation, replacing (refreshing) one of the same group and user."""
        ...

    def get_invitation(self, group_id: str, user_id: str, now: str) -> Invitation | None:
        """Return the user's live invitation to the group (expiresAt after `now`), or None."""
        ...

    def list_invitations(
        self, user_id: str, now: str, *, before_key: str | None, limit: int
    ) -> Page[Invitation]:
        """Return a page of the user's live invitations, newest first (by createdAt, groupId).

        Args:
            now: Invitations that expire at or before this timestamp are left out.
            before_key: Only invitations whose sort key is below this one (from a cursor).
        """
        ...

    def delete_invitation(self, group_id: str, user_id: str) -> None:
        """Forget an invitation; an unknown one is no error."""
        ...
