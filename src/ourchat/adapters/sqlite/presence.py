"""Presence, presence watches and typing marks on SQLite."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ourchat.adapters.sqlite.database import SqliteDatabase
from ourchat.adapters.sqlite.rows import connection_of
from ourchat.domain.errors import NotFound
from ourchat.domain.models import Connection

_LIVE = "SELECT COUNT(*) FROM presence WHERE user_id = ? AND expires_at > ?"


class SqlitePresence:
    """Presence and typing; a part of `SqliteStore`."""

    _db: SqliteDatabase

    def come_online(self, connection: Connection, now_epoch_seconds: int) -> bool:
        """Add a presence row; tell whether none was live before (one write transaction)."""
        with self._db.write() as db:
            db.execute(
                "DELETE FROM presence WHERE user_id = ? AND expires_at <= ?",
                (connection.user_id, now_epoch_seconds),
            )
            before = db.execute(_LIVE, (connection.user_id, now_epoch_seconds)).fetchone()[0]
            db.execute(
                "INSERT OR REPLACE INTO presence (user_id, connection_id, expires_at)"
                " VALUES (?, ?, ?)",
                (connection.user_id, connection.connection_id, connection.expires_at),
            )
        return int(before) == 0

    def go_offline(self, user_id: str, connection_id: str, now_epoch_seconds: int) -> bool:
        """Delete the presence row; tell whether it was the last live one."""
        with self._db.write() as db:
            deleted = db.execute(
                "DELETE FROM presence WHERE user_id = ? AND connection_id = ?",
                (user_id, connection_id),
            ).rowcount
            after = db.execute(_LIVE, (user_id, now_epoch_seconds)).fetchone()[0]
        return deleted > 0 and int(after) == 0

    def online_users(self, user_ids: Sequence[str], now_epoch_seconds: int) -> set[str]:
        """Return which of the users have a live presence row (one indexed query)."""
        rows = self._db.connection().execute(
            """SELECT DISTINCT user_id FROM presence
            WHERE user_id IN (SELECT value FROM json_each(?)) AND expires_at > ?""",
            (json.dumps(list(user_ids)), now_epoch_seconds),
        )
        return {row["user_id"] for row in rows}

    def watch_presence(self, user_id: str, connection_id: str, group_id: str | None) -> None:
        """Set the group the connection watches (one UPDATE)."""
        with self._db.write() as db:
            changed = db.execute(
                "UPDATE connections SET watch_group_id = ? WHERE connection_id = ? AND user_id = ?",
                (group_id, connection_id, user_id),
            ).rowcount
        if not changed:
            raise NotFound("this connection is not one of yours")

    def presence_watchers(self, group_id: str, now_epoch_seconds: int) -> list[Connection]:
        """Return the live connections of members that watch the group (the watch index,
        joined with the memberships so that a leaver's watch ends with the membership)."""
        rows = self._db.connection().execute(
            """SELECT c.* FROM connections AS c
            JOIN memberships AS m ON m.group_id = c.watch_group_id AND m.user_id = c.user_id
            WHERE c.watch_group_id = ? AND c.expires_at > ?
            ORDER BY c.connection_id""",
            (group_id, now_epoch_seconds),
        )
        return [connection_of(row) for row in rows]

    def note_typing(
        self,
        group_id: str,
        user_id: str,
        thread_id: str,
        now_ms: int,
        repeat_ms: int,
        switch_ms: int,
    ) -> bool:
        """Stamp the member's typing unless they typed in that thread within `repeat_ms`, or
        in any thread within `switch_ms`."""
        with self._db.write() as db:
            changed = db.execute(
                """UPDATE memberships SET typing_thread_id = ?, typing_at = ?
                WHERE group_id = ? AND user_id = ? AND (
                    typing_at IS NULL OR typing_at <= ?
                    OR (typing_thread_id IS NOT ? AND typing_at <= ?))""",
                (
                    thread_id,
                    now_ms,
                    group_id,
                    user_id,
                    now_ms - repeat_ms,
                    thread_id,
                    now_ms - switch_ms,
                ),
            ).rowcount
        return changed > 0
