"""The SQLite store adapter (stdlib sqlite3), used by the local gateway and in tests."""

from ourchat.adapters.sqlite.migrations import SchemaTooNewError
from ourchat.adapters.sqlite.store import SqliteStore

__all__ = ["SchemaTooNewError", "SqliteStore"]
