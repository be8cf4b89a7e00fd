"""The Store port on one SQLite file, with the same results, orderings and cursors as DynamoDB.

Each write runs in one `BEGIN IMMEDIATE` transaction, so it happens whole or not at all;
each read is a single SELECT, which SQLite answers from one consistent snapshot. The
operations live with their tables (users, groups, threads, messages, connections); this
class only owns the database file.
"""

from __future__ import annotations

import pathlib
from types import TracebackType

from ourchat.adapters.sqlite.connections import SqliteConnections
from ourchat.adapters.sqlite.database import SqliteDatabase
from ourchat.adapters.sqlite.groups import SqliteGroups
from ourchat.adapters.sqlite.history import SqliteHistory
from ourchat.adapters.sqlite.invitations import SqliteInvitations
from ourchat.adapters.sqlite.memberships import SqliteMemberships
from ourchat.adapters.sqlite.message_changes import SqliteMessageChanges
from ourchat.adapters.sqlite.messages import SqliteMessages
from ourchat.adapters.sqlite.presence import SqlitePresence
from ourchat.adapters.sqlite.read_state import SqliteReadState
from ourchat.adapters.sqlite.threads import SqliteThreads
from ourchat.adapters.sqlite.users import SqliteUsers


class SqliteStore(
    SqliteUsers,
    SqliteGroups,
    SqliteMemberships,
    SqliteInvitations,
    SqliteThreads,
    SqliteMessages,
    SqliteMessageChanges,
    SqliteHistory,
    SqliteReadState,
    SqlitePresence,
    SqliteConnections,
):
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
        self._db = SqliteDatabase(path, synchronous=synchronous)

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
