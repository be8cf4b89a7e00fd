"""Read pointers and unread counts on SQLite."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from ourchat.adapters.sqlite.database import SqliteDatabase
from ourchat.domain.models import ReadPointer, Thread


def _pointer_of(row: sqlite3.Row) -> ReadPointer:
    return ReadPointer(
        row["user_id"],
        row["thread_id"],
        row["group_id"],
        row["message_id"],
        row["read_key"],
        row["read_at"],
    )


def _unread(
    db: sqlite3.Connection, user_id: str, group_id: str, thread_id: str, after: str, cap: int
) -> int:
    # The LIMIT inside stops the count at the cap: its cost is what it counts.
    row = db.execute(
        """SELECT COUNT(*) FROM (
            SELECT 1 FROM messages
            WHERE group_id = ? AND thread_id = ? AND sort_key > ?
                AND sender_user_id <> ? AND deleted_at IS NULL
            LIMIT ?
        )""",
        (group_id, thread_id, after, user_id, cap),
    ).fetchone()
    return int(row[0])


class SqliteReadState:
    """Read state; a part of `SqliteStore`."""

    _db: SqliteDatabase

    def mark_read(self, pointer: ReadPointer) -> ReadPointer:
        """Insert the pointer, or move the stored one forward to it (one write)."""
        with self._db.write() as db:
            db.execute(
                """INSERT INTO read_pointers
                    (user_id, thread_id, group_id, message_id, read_key, read_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id, thread_id) DO UPDATE SET
                    message_id = excluded.message_id,
                    read_key = excluded.read_key,
                    read_at = excluded.read_at
                WHERE excluded.read_key > read_pointers.read_key""",
                (
                    pointer.user_id,
                    pointer.thread_id,
                    pointer.group_id,
                    pointer.message_id,
                    pointer.read_key,
                    pointer.read_at,
                ),
            )
            row = db.execute(
                "SELECT * FROM read_pointers WHERE user_id = ? AND thread_id = ?",
                (pointer.user_id, pointer.thread_id),
            ).fetchone()
        return _pointer_of(row)

    def read_pointers(self, user_id: str, thread_ids: Sequence[str]) -> list[ReadPointer]:
        """Return the user's pointers of those threads (one indexed query)."""
        rows = self._db.connection().execute(
            """SELECT * FROM read_pointers
            WHERE user_id = ? AND thread_id IN (SELECT value FROM json_each(?))""",
            (user_id, json.dumps(list(thread_ids))),
        )
        return [_pointer_of(row) for row in rows]

    def unread_in_threads(
        self,
        user_id: str,
        threads: Sequence[Thread],
        floor: str,
        cap: int,
        pointers: Sequence[ReadPointer] | None = None,
    ) -> dict[str, int]:
        """Count each thread's unread messages, up to `cap` each."""
        if pointers is None:
            pointers = self.read_pointers(user_id, [t.thread_id for t in threads])
        by_thread = {p.thread_id: p for p in pointers}
        db = self._db.connection()
        counts: dict[str, int] = {}
        for thread in threads:
            pointer = by_thread.get(thread.thread_id)
            after = max(floor, pointer.read_key) if pointer is not None else floor
            counts[thread.thread_id] = _unread(
                db, user_id, thread.group_id, thread.thread_id, after, cap
            )
        return counts

    def unread_in_group(
        self, user_id: str, group_id: str, floor: str, cap: int, threads: int
    ) -> int:
        """Count the group's unread messages over its most recently active threads."""
        db = self._db.connection()
        rows = db.execute(
            """SELECT t.thread_id, p.read_key FROM threads t
            LEFT JOIN read_pointers p ON p.user_id = ? AND p.thread_id = t.thread_id
            WHERE t.group_id = ? AND t.last_message_key > ?
            ORDER BY t.last_message_key DESC LIMIT ?""",
            (user_id, group_id, floor, threads),
        ).fetchall()
        total = 0
        for row in rows:
            after = max(floor, row["read_key"] or "")
            total += _unread(db, user_id, group_id, row["thread_id"], after, cap - total)
            if total >= cap:
                break
        return total
