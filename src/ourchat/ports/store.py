"""The store port: persistence of users, groups, threads, messages and connections.

Two adapters implement it with identical behaviour (same results, same orderings, same
cursors): DynamoDB (`ourchat.adapters.dynamodb`) and SQLite (`ourchat.adapters.sqlite`).
Entities are validated by the services before they reach a store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ourchat.domain.models import Connection, Group, Membership, Message, Page, Thread, User


class Store(Protocol):
    """Persistence of the chat; every write is atomic: all of it happens, or none."""

    def close(self) -> None:
        """Release the store's connections; the store is unusable afterwards."""
        ...

    # Users

    def get_user(self, user_id: str) -> User | None:
        """Return the user, or None."""
        ...

    def put_user(self, user: User) -> User:
        """Create or update a user profile, keeping the createdAt of an existing user.

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

    # Groups and memberships

    def create_group(self, group: Group, owner: Membership) -> None:
        """Store a new group with its owner's membership; the owner's live connections
        are subscribed to the group's events at once, like a member's in `add_membership`."""
        ...

    def get_group(self, group_id: str) -> Group | None:
        """Return the group, or None."""
        ...

    def get_groups(self, group_ids: Sequence[str]) -> list[Group]:
        """Return the groups that exist among `group_ids`, in no particular order."""
        ...

    def add_membership(self, membership: Membership) -> None:
        """Add a member, and subscribe the member's live connections to the group's events.

        The group must exist: callers check that the actor is a member first. (SQLite also
        enforces it with a foreign key; DynamoDB trusts the caller, saving a transaction.)

        Raises:
            Conflict: The user is a member already.
        """
        ...

    def get_membership(self, group_id: str, user_id: str) -> Membership | None:
        """Return the membership, or None."""
        ...

    def list_memberships_of_user(self, user_id: str) -> list[Membership]:
        """Return every membership of a user, in no particular order."""
        ...

    # Threads

    def create_thread(self, thread: Thread) -> None:
        """Store a new thread of an existing group (see `add_membership` on that precondition)."""
        ...

    def get_thread(self, thread_id: str) -> Thread | None:
        """Return the thread, or None."""
        ...

    def list_threads_by_group(
        self, group_id: str, *, before_key: str | None, limit: int
    ) -> Page[Thread]:
        """Return threads of a group by (lastMessageAt, threadId), most recent first.

        Args:
            group_id: The group.
            before_key: Only threads whose sort key is below this key (from a cursor).
            limit: The page size.
        """
        ...

    # Messages

    def append_message(self, message: Message) -> Message:
        """Store a message and raise its thread's and group's lastMessageAt to its createdAt.

        When the message has a clientMessageId already used by the same sender, nothing is
        stored and the original message is returned.

        Returns:
            The stored message: this one, or the original of a retried send.

        Raises:
            NotFound: The thread does not exist or is not in the message's group.
        """
        ...

    def list_messages(
        self, group_id: str, thread_id: str, *, before_key: str | None, limit: int
    ) -> Page[Message]:
        """Return messages of a thread by (createdAt, messageId), newest first.

        Args:
            group_id: The thread's group.
            thread_id: The thread.
            before_key: Only messages whose sort key is below this key (from a cursor).
            limit: The page size.
        """
        ...

    # Connections

    def put_connection(self, connection: Connection) -> None:
        """Register a live connection and subscribe it to all of its user's groups."""
        ...

    def delete_connection(self, user_id: str, connection_id: str) -> None:
        """Forget a connection and its subscriptions; forgetting an unknown one is no error."""
        ...

    def connections_for_group(self, group_id: str, now_epoch_seconds: int) -> list[Connection]:
        """Return the unexpired connections of the group's members, ordered by connectionId.

        The cost grows with the number of these connections only, never with the number
        of connections in the whole system.
        """
        ...
