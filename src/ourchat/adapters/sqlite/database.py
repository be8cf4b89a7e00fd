"""Per-thread SQLite connections to one database file, and its transactions.

sqlite3 connections must not be shared between threads that use them at once, so each
thread gets its own. Writes run in `BEGIN IMMEDIATE` transactions: the write lock is taken
up front, so a transaction never fails half-way on a lock it could not upgrade to, and the
reads it makes before writing see the state its writes apply to.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ourchat.adapters.sqlite.migrations import migrate
from ourchat.domain.limits import search_key

SYNCHRONOUS_LEVELS = frozenset({"OFF", "NORMAL", "FULL", "EXTRA"})
BUSY_TIMEOUT_MS = 5_000
PRIVATE_FILE_MODE = 0o600
# The files of a WAL-mode database beside the main one.
_COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


def _make_private(path: pathlib.Path) -> None:
    """Create the database file with mode 0600 if missing; make it and its companions 0600.

    SQLite creates a new database 0644 (less the umask) and gives its WAL and shared-memory
    files the database file's mode, so a private main file keeps all of them private. One
    left readable by an older version is made private too.
    """
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE))
    for file in (path, *(path.with_name(path.name + s) for s in _COMPANION_SUFFIXES)):
        if file.exists() and file.stat().st_mode & 0o077:
            file.chmod(PRIVATE_FILE_MODE)


class SqliteDatabase:
    """One SQLite file in WAL mode, with one connection per thread that uses it.

    Args:
        path: The database file; created (mode 0600) with the latest schema when missing.
        synchronous: SQLite's synchronous level; FULL makes a committed write survive a
            killed process and a power loss.

    Raises:
        ValueError: `synchronous` is not one of OFF, NORMAL, FULL, EXTRA.
        SchemaTooNewError: The file was written by a newer ourchat.
    """

    def __init__(self, path: pathlib.Path, *, synchronous: str = "FULL") -> None:
        level = synchronous.upper()
        if level not in SYNCHRONOUS_LEVELS:
            allowed = ", ".join(sorted(SYNCHRONOUS_LEVELS))
            raise ValueError(f"synchronous must be one of {allowed}, not {synchronous!r}")
        self._path = path
        self._synchronous = level
        self._local = threading.local()
        self._lock = threading.Lock()
        # Writers of this process queue here rather than in SQLite's busy handler, which polls
        # with growing sleeps and lets a writer starve past busy_timeout under a burst of
        # writes (a reconnect storm). busy_timeout still covers writers in other processes.
        self._write_lock = threading.Lock()
        # Every open connection and its thread, so close() can close them all.
        self._connections: dict[int, tuple[threading.Thread, sqlite3.Connection]] = {}
        self._closed = False
        _make_private(path)
        connection = self.connection()
        try:
            # WAL lets readers run while one writer commits; the mode is stored in the file.
            connection.execute("PRAGMA journal_mode = WAL")
            migrate(connection, str(path))
        except BaseException:
            self.close()
            raise

    def connection(self) -> sqlite3.Connection:
        """Return the calling thread's connection, opening it on first use.

        Raises:
            sqlite3.ProgrammingError: The database was closed.
        """
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is not None and not self._closed:
            return connection
        with self._lock:
            if self._closed:
                raise sqlite3.ProgrammingError(f"the store of {self._path} is closed")
            self._close_connections_of_finished_threads()
            # isolation_level=None: no implicit BEGIN, this class opens every transaction.
            # check_same_thread=False only so that close() may close it from another thread.
            connection = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA foreign_keys = ON")
            # The search keys of findUsers are computed in SQL by the same Python function.
            connection.create_function("search_key", 1, search_key, deterministic=True)
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
            connection.execute(f"PRAGMA synchronous = {self._synchronous}")
            current = threading.current_thread()
            self._connections[id(connection)] = (current, connection)
            self._local.connection = connection
        return connection

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """Run a block as one write transaction: committed if it returns, else rolled back.

        Write transactions of this process run one at a time, in turn.
        """
        connection = self.connection()
        with self._write_lock:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                # Also after a failed COMMIT: the connection must not stay inside a
                # transaction, and a failing ROLLBACK must not hide the original error.
                if connection.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        connection.execute("ROLLBACK")
                raise

    def close(self) -> None:
        """Close every thread's connection; later use raises sqlite3.ProgrammingError."""
        with self._lock:
            self._closed = True
            connections = [connection for _, connection in self._connections.values()]
            self._connections.clear()
        for connection in connections:
            connection.close()

    def _close_connections_of_finished_threads(self) -> None:
        # A thread that ended can no longer use its connection; closing it here keeps the
        # number of open files bounded by the number of live threads.
        finished = [key for key, (thread, _) in self._connections.items() if not thread.is_alive()]
        for key in finished:
            _, connection = self._connections.pop(key)
            connection.close()
