"""The DynamoDB client together with the physical names of the chat's tables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ourchat.adapters.dynamodb.tables import ALL_TABLES, TableDefinition

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


@dataclass(frozen=True, slots=True)
class DynamoDbTables:
    """What every table operation needs: a client and where each logical table lives.

    Args:
        client: A low-level DynamoDB client.
        table_names: Logical table name ("User", "Group", ...) to physical table name.

    Raises:
        ValueError: A table of `tables.ALL_TABLES` has no physical name.
    """

    client: DynamoDBClient
    table_names: Mapping[str, str]

    def __post_init__(self) -> None:
        missing = [t.logical_name for t in ALL_TABLES if t.logical_name not in self.table_names]
        if missing:
            raise ValueError(f"no physical table name for {', '.join(missing)}")

    def name(self, table: TableDefinition) -> str:
        """Return the physical name of a table."""
        return self.table_names[table.logical_name]
