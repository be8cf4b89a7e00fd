"""The store port's user operations: profiles, and finding people by name or id."""

from __future__ import annotations

from typing import Protocol

from ourchat.domain.models import PublicProfile, User


class UserStore(Protocol):
    """User profiles."""

    def get_user(self, user_id: str) -> User | None:
        """Return the user, or None."""
        ...

    def put_user(self, user: User) -> User:
        """Create or update a user profile, keeping the createdAt of an existing user.

        Optional attributes that are None are cleared.

        Returns:
            The user as stored.
        """
        ...

    def create_user_if_missing(self, user: User) -> User:
        """Store the user unless one with the same id exists.

        Returns:
            The existing user, or the new one.
        """
        ...

    def delete_user(self, user_id: str) -> None:
        """Erase a user's profile (name, picture, date of birth) and private state: their
        read pointers and presence. Deleting an unknown user is no error.

        Memberships, invitations and connections are ended by the caller first; messages
        stay, under their senderUserId.
        """
        ...

    def get_users(self, user_ids: list[str]) -> list[User]:
        """Return the users that exist among `user_ids`, in no particular order."""
        ...

    def find_users(self, query_key: str, limit: int) -> list[PublicProfile]:
        """Return users whose name or id starts with `key`, by search key.

        Args:
            query_key: A search key (`ourchat.domain.limits.search_key`), 2 characters or more.
            limit: At most this many users, ordered by their name's search key, then by id;
                a user matching both ways counts once.
        """
        ...
