"""The Store port on one SQLite file, with the same results, orderings and cursors as DynamoDB.

Each write runs in one `BEGIN IMMEDIATE` transaction, so it happens whole or not at all;
each read is a single SELECT, which SQLite answers from one consistent snapshot.
"""

from __future__ import annotations

import pathlib
import time
from collections.abc import Sequence
from types import TracebackType

from ourchat.adapters.sqlite import connections, groups, messages, threads, users
from ourchat.adapters.sqlite.database import Database
from ourchat.domain.models import Connection, Group, Membership, Message, Page, Thread, User


class SqliteStore:
    """Chat persistence in one SQLite file, safe to use from several threads at once.

    Args:
        path: The database file; created, or migrated to the latest schema, on open.
        synchronous: SQLite's synchronous level; the default FULL makes every acknowledged
            write survive a killed process and a power loss.

    Raises:
        ValueError: `synchronous` is not a level SQLite knows.
        SchemaTooNewError: The file was written by a newer ourchat.
    """

    def __init__(self, path: pathlib.Path, *, synchronous: str = "FULL") -> None:
        self._db = Database(path, synchronous=synchronous)

    def close(self) -> None:
        """Close the connections of every thread; the store is unusable afterwards."""
        self._db.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # Users

    def get_user(self, user_id: str) -> User | None:
        """Return the user, or None."""
        return users.get_user(self._db.connection(), user_id)

    def put_user(self, user: User) -> User:
        """Create or update a user, keeping createdAt; return the user as stored."""
        with self._db.write() as db:
            return users.put_user(db, user)

    def create_user_if_missing(self, user: User) -> User:
        """Store the user unless it exists; return the existing user or the new one."""
        with self._db.write() as db:
            return users.create_user_if_missing(db, user)

    # Groups and memberships

    def create_group(self, group: Group, owner: Membership) -> None:
        """Store a new group with its owner's membership (Conflict if the id is taken)."""
        with self._db.write() as db:
            groups.create_group(db, group, owner)

    def get_group(self, group_id: str) -> Group | None:
        """Return the group, or None."""
        return groups.get_group(self._db.connection(), group_id)

    def get_groups(self, group_ids: Sequence[str]) -> list[Group]:
        """Return the groups that exist among `group_ids`."""
        return groups.get_groups(self._db.connection(), group_ids)

    def add_membership(self, membership: Membership) -> None:
        """Add a member (Conflict if a member already, NotFound if there is no group)."""
        with self._db.write() as db:
            groups.add_membership(db, membership)

    def get_membership(self, group_id: str, user_id: str) -> Membership | None:
        """Return the membership, or None."""
        return groups.get_membership(self._db.connection(), group_id, user_id)

    def list_memberships_of_user(self, user_id: str) -> list[Membership]:
        """Return every membership of a user."""
        return groups.list_memberships_of_user(self._db.connection(), user_id)

    # Threads

    def create_thread(self, thread: Thread) -> None:
        """Store a new thread (NotFound without its group, Conflict if the id is taken)."""
        with self._db.write() as db:
            threads.create_thread(db, thread)

    def get_thread(self, thread_id: str) -> Thread | None:
        """Return the thread, or None."""
        return threads.get_thread(self._db.connection(), thread_id)

    def list_threads_by_group(
        self, group_id: str, *, before_key: str | None, limit: int
    ) -> Page[Thread]:
        """Return a page of a group's threads, most recent lastMessageAt first."""
        return threads.list_threads_by_group(
            self._db.connection(), group_id, before_key=before_key, limit=limit
        )

    # Messages

    def append_message(self, message: Message) -> Message:
        """Store a message, or return the original of a retried send (NotFound: no thread)."""
        with self._db.write() as db:
            return messages.append_message(db, message)

    def list_messages(
        self, group_id: str, thread_id: str, *, before_key: str | None, limit: int
    ) -> Page[Message]:
        """Return a page of a thread's messages, newest first."""
        return messages.list_messages(
            self._db.connection(), group_id, thread_id, before_key=before_key, limit=limit
        )

    # Connections

    def put_connection(self, connection: Connection) -> None:
        """Register a live connection; it gets its user's groups' events (by a join)."""
        with self._db.write() as db:
            connections.put_connection(db, connection)
            connections.purge_expired(db, int(time.time()))

    def delete_connection(self, user_id: str, connection_id: str) -> None:
        """Forget a connection; an unknown one is no error."""
        with self._db.write() as db:
            connections.delete_connection(db, user_id, connection_id)

    def connections_for_group(self, group_id: str, now_epoch_seconds: int) -> list[Connection]:
        """Return the unexpired connections of the group's members, by connectionId."""
        return connections.connections_for_group(self._db.connection(), group_id, now_epoch_seconds)
