"""The Store port on DynamoDB: each method delegates to the module of its table.

Runtime access uses only GetItem, BatchGetItem, Query, PutItem, UpdateItem, DeleteItem and
TransactWriteItems: never Scan, never BatchWriteItem. docs/design.md lists every access
pattern with its calls, consistency and capacity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ourchat.adapters.dynamodb import (
    connections,
    groups,
    memberships,
    message_append,
    messages,
    subscriptions,
    threads,
    users,
)
from ourchat.adapters.dynamodb.database import Database
from ourchat.adapters.dynamodb.errors import translating_errors
from ourchat.domain.models import Connection, Group, Membership, Message, Page, Thread, User

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


class DynamoDbStore:
    """Persistence of the chat in DynamoDB tables (see `ourchat.adapters.dynamodb.tables`).

    Failures that survive botocore's retries (throttling, 5xx, lost connections) raise
    `ourchat.domain.errors.InternalError`.

    Args:
        client: A low-level DynamoDB client, e.g. from `client.make_dynamodb_client`.
        table_names: Logical table name ("User", "Group", ...) to physical table name, e.g.
            from `tables.table_names_from_env`.

    Raises:
        ValueError: A table has no physical name.
    """

    def __init__(self, client: DynamoDBClient, table_names: Mapping[str, str]) -> None:
        self._db = Database(client, dict(table_names))

    @translating_errors
    def get_user(self, user_id: str) -> User | None:
        """Return the user, or None."""
        return users.get_user(self._db, user_id)

    @translating_errors
    def put_user(self, user: User) -> User:
        """Create or update a user profile, keeping the createdAt of an existing user."""
        return users.put_user(self._db, user)

    @translating_errors
    def create_user_if_missing(self, user: User) -> User:
        """Store the user unless one with the same id exists; return the stored one."""
        return users.create_user_if_missing(self._db, user)

    @translating_errors
    def create_group(self, group: Group, owner: Membership) -> None:
        """Store a new group together with its owner's membership."""
        groups.create_group(self._db, group, owner)

    @translating_errors
    def get_group(self, group_id: str) -> Group | None:
        """Return the group, or None."""
        return groups.get_group(self._db, group_id)

    @translating_errors
    def get_groups(self, group_ids: Sequence[str]) -> list[Group]:
        """Return the groups that exist among `group_ids`, in no particular order."""
        return groups.get_groups(self._db, group_ids)

    @translating_errors
    def add_membership(self, membership: Membership) -> None:
        """Add a member and subscribe the member's live connections to the group."""
        memberships.add_membership(self._db, membership)

    @translating_errors
    def get_membership(self, group_id: str, user_id: str) -> Membership | None:
        """Return the membership, or None."""
        return memberships.get_membership(self._db, group_id, user_id)

    @translating_errors
    def list_memberships_of_user(self, user_id: str) -> list[Membership]:
        """Return every membership of a user, in no particular order."""
        return memberships.list_memberships_of_user(self._db, user_id)

    @translating_errors
    def create_thread(self, thread: Thread) -> None:
        """Store a new thread."""
        threads.create_thread(self._db, thread)

    @translating_errors
    def get_thread(self, thread_id: str) -> Thread | None:
        """Return the thread, or None."""
        return threads.get_thread(self._db, thread_id)

    @translating_errors
    def list_threads_by_group(
        self, group_id: str, *, before_key: str | None, limit: int
    ) -> Page[Thread]:
        """Return threads of a group by (lastMessageAt, threadId), most recent first."""
        return threads.list_threads_by_group(self._db, group_id, before_key=before_key, limit=limit)

    @translating_errors
    def append_message(self, message: Message) -> Message:
        """Store a message and raise its thread's and group's lastMessageAt."""
        return message_append.append_message(self._db, message)

    @translating_errors
    def list_messages(
        self, group_id: str, thread_id: str, *, before_key: str | None, limit: int
    ) -> Page[Message]:
        """Return messages of a thread by (createdAt, messageId), newest first."""
        return messages.list_messages(
            self._db, group_id, thread_id, before_key=before_key, limit=limit
        )

    @translating_errors
    def put_connection(self, connection: Connection) -> None:
        """Register a live connection and subscribe it to all of its user's groups."""
        connections.put_connection(self._db, connection)

    @translating_errors
    def delete_connection(self, user_id: str, connection_id: str) -> None:
        """Forget a connection and its subscriptions; forgetting an unknown one is no error."""
        connections.delete_connection(self._db, user_id, connection_id)

    @translating_errors
    def connections_for_group(self, group_id: str, now_epoch_seconds: int) -> list[Connection]:
        """Return the unexpired connections of the group's members, by connectionId."""
        return subscriptions.connections_for_group(self._db, group_id, now_epoch_seconds)
