"""The Store port on DynamoDB: the operations live with their tables; this class joins them.

Runtime access uses only GetItem, BatchGetItem, Query, PutItem, UpdateItem, DeleteItem and
TransactWriteItems: never Scan, never BatchWriteItem. docs/design.md lists every access
pattern with its calls, consistency and capacity.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ourchat.adapters.dynamodb.connections import DynamoDbConnections
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.groups import DynamoDbGroups
from ourchat.adapters.dynamodb.history_reads import DynamoDbHistory
from ourchat.adapters.dynamodb.invitations import DynamoDbInvitations
from ourchat.adapters.dynamodb.member_changes import DynamoDbMemberChanges
from ourchat.adapters.dynamodb.memberships import DynamoDbMembershipReads
from ourchat.adapters.dynamodb.message_append import DynamoDbMessageAppend
from ourchat.adapters.dynamodb.message_changes import DynamoDbMessageChanges
from ourchat.adapters.dynamodb.messages import DynamoDbMessages
from ourchat.adapters.dynamodb.presence import DynamoDbPresence
from ourchat.adapters.dynamodb.read_state import DynamoDbReadState
from ourchat.adapters.dynamodb.subscriptions import DynamoDbSubscriptions
from ourchat.adapters.dynamodb.threads import DynamoDbThreads
from ourchat.adapters.dynamodb.users import DynamoDbUsers

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


class DynamoDbStore(
    DynamoDbUsers,
    DynamoDbGroups,
    DynamoDbMembershipReads,
    DynamoDbMemberChanges,
    DynamoDbInvitations,
    DynamoDbThreads,
    DynamoDbMessages,
    DynamoDbMessageAppend,
    DynamoDbMessageChanges,
    DynamoDbHistory,
    DynamoDbReadState,
    DynamoDbPresence,
    DynamoDbConnections,
    DynamoDbSubscriptions,
):
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
        self._db = DynamoDbTables(client, dict(table_names))

    def close(self) -> None:
        """Close the client's HTTP connections; the store is unusable afterwards."""
        self._db.client.close()
