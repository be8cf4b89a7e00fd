"""The connections table and the fan-out query over memberships, on SQLite.

Fan-out joins memberships (by group_id, the primary key's prefix) with connections (by the
user_id index) instead of keeping a subscriptions table as DynamoDB does. DynamoDB has no
joins, so it stores one item per (group, connection) to make fan-out a single Query; here
the join reads the same rows through two indexes, so its cost grows with the group's members
and their connections, never with all connections, and no subscription row can drift out of
step with a membership or a connection.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime

from ourchat.adapters.sqlite.database import SqliteDatabase
from ourchat.adapters.sqlite.history import purge_expired_events
from ourchat.adapters.sqlite.invitations import purge_expired_invitations
from ourchat.adapters.sqlite.rows import connection_of
from ourchat.domain.models import Connection
from ourchat.domain.timestamps import format_timestamp

# DynamoDB's TTL deletes expired items some time (typically days) after they expire, and
# readers filter on expiresAt anyway. The purge here waits as long: it runs on the system
# clock, so it must never remove a connection a caller passing its own `now` counts as live.
PURGE_GRACE_SECONDS = 2 * 24 * 3600
# A bounded batch per write keeps put_connection's cost flat however many rows expired.
PURGE_BATCH = 100


def purge_expired(db: sqlite3.Connection, now_epoch_seconds: int) -> int:
    """Delete up to PURGE_BATCH connections that expired PURGE_GRACE_SECONDS before now.

    Returns:
        The number of connections deleted.
    """
    cursor = db.execute(
        """DELETE FROM connections WHERE connection_id IN (
            SELECT connection_id FROM connections WHERE expires_at <= ? LIMIT ?)""",
        (now_epoch_seconds - PURGE_GRACE_SECONDS, PURGE_BATCH),
    )
    db.execute(
        """DELETE FROM presence WHERE (user_id, connection_id) IN (
            SELECT user_id, connection_id FROM presence WHERE expires_at <= ? LIMIT ?)""",
        (now_epoch_seconds - PURGE_GRACE_SECONDS, PURGE_BATCH),
    )
    return cursor.rowcount


class SqliteConnections:
    """Connection and fan-out operations; a part of `SqliteStore`."""

    _db: SqliteDatabase

    def put_connection(self, connection: Connection) -> None:
        """Insert or replace a connection; it gets its user's groups' events (by a join)."""
        with self._db.write() as db:
            db.execute(
                """INSERT OR REPLACE INTO connections
                    (connection_id, user_id, connected_at, expires_at)
                VALUES (?, ?, ?, ?)""",
                (
                    connection.connection_id,
                    connection.user_id,
                    connection.connected_at,
                    connection.expires_at,
                ),
            )
            now = int(time.time())
            purge_expired(db, now)
            purge_expired_events(db, now)
            purge_expired_invitations(db, format_timestamp(datetime.now(UTC)))

    def delete_connection(self, user_id: str, connection_id: str) -> None:
        """Delete the user's connection; an unknown one is no error."""
        with self._db.write() as db:
            db.execute(
                "DELETE FROM connections WHERE connection_id = ? AND user_id = ?",
                (connection_id, user_id),
            )

    def connections_of_user(self, user_id: str, now_epoch_seconds: int) -> list[Connection]:
        """Return the user's unexpired connections, by id (the user_id index)."""
        rows = self._db.connection().execute(
            """SELECT * FROM connections WHERE user_id = ? AND expires_at > ?
            ORDER BY connection_id""",
            (user_id, now_epoch_seconds),
        )
        return [connection_of(row) for row in rows]

    def connections_for_group(self, group_id: str, now_epoch_seconds: int) -> list[Connection]:
        """Return the connections of the group's members that expire after now, by id."""
        rows = self._db.connection().execute(
            """SELECT c.connection_id, c.user_id, c.connected_at, c.expires_at
            FROM memberships AS m JOIN connections AS c ON c.user_id = m.user_id
            WHERE m.group_id = ? AND c.expires_at > ?
            ORDER BY c.connection_id""",
            (group_id, now_epoch_seconds),
        )
        return [connection_of(row) for row in rows]
