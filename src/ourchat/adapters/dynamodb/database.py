"""The DynamoDB client together with the physical names of the chat's tables."""

from __future__ import annotations

import threading
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ourchat.adapters.dynamodb.tables import ALL_TABLES, TableDefinition

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


GROUP_LOCK_STRIPES = 64


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
    _group_locks: tuple[threading.Lock, ...] = field(
        default_factory=lambda: tuple(threading.Lock() for _ in range(GROUP_LOCK_STRIPES)),
        repr=False,
        compare=False,
    )

    def __post_init__(self) -> None:
        missing = [t.logical_name for t in ALL_TABLES if t.logical_name not in self.table_names]
        if missing:
            raise ValueError(f"no physical table name for {', '.join(missing)}")

    def name(self, table: TableDefinition) -> str:
        """Return the physical name of a table."""
        return self.table_names[table.logical_name]

    def group_lock(self, group_id: str) -> threading.Lock:
        """The lock this process's writers of a group take turns with (one of a few stripes).

        A group's changes commit one at a time, through the condition on its seq. Writers in
        different processes (Lambda instances serve one request each) settle a race by
        retrying; writers in one process (`ourchat serve`'s threads) queue here instead,
        so none of them wastes a transaction on a race it would lose.
        """
        return self._group_locks[zlib.crc32(group_id.encode()) % GROUP_LOCK_STRIPES]
