"""The threads table: the thread operations of the Store port on SQLite."""

from __future__ import annotations

import sqlite3

from ourchat.adapters.sqlite.database import SqliteDatabase
from ourchat.adapters.sqlite.groups import group_exists
from ourchat.adapters.sqlite.history import log_events
from ourchat.adapters.sqlite.rows import thread_of
from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.events import THREAD_CREATED, THREAD_UPDATED, GroupEvent
from ourchat.domain.models import Page, Thread
from ourchat.domain.pagination import page_of, sort_key, thread_sort_key

_FIRST_PAGE = """SELECT * FROM threads WHERE group_id = ?
    ORDER BY last_message_key DESC LIMIT ?"""
_PAGE_BEFORE = """SELECT * FROM threads WHERE group_id = ? AND last_message_key < ?
    ORDER BY last_message_key DESC LIMIT ?"""


def select_thread(db: sqlite3.Connection, thread_id: str) -> Thread | None:
    """Return the thread, or None."""
    row = db.execute("SELECT * FROM threads WHERE thread_id = ?", (thread_id,)).fetchone()
    return thread_of(row) if row is not None else None


def raise_last_message_at(db: sqlite3.Connection, thread: Thread, created_at: str) -> None:
    """Raise the lastMessageAt of a thread and of its group to `created_at`, never lower it."""
    db.execute(
        """UPDATE threads SET last_message_at = ?, last_message_key = ?
        WHERE thread_id = ? AND last_message_at < ?""",
        (created_at, sort_key(created_at, thread.thread_id), thread.thread_id, created_at),
    )
    db.execute(
        "UPDATE groups SET last_message_at = ? WHERE group_id = ? AND last_message_at < ?",
        (created_at, thread.group_id, created_at),
    )


class SqliteThreads:
    """Thread operations; a part of `SqliteStore`."""

    _db: SqliteDatabase

    def create_thread(self, thread: Thread) -> GroupEvent:
        """Insert a thread and log thread.created, in one write.

        Raises:
            NotFound: The thread's group does not exist.
            Conflict: A thread with this id exists.
        """
        with self._db.write() as db:
            if not group_exists(db, thread.group_id):
                raise NotFound(f"there is no group {thread.group_id}")
            if select_thread(db, thread.thread_id) is not None:
                raise Conflict(f"thread {thread.thread_id} exists already")
            db.execute(
                """INSERT INTO threads (thread_id, group_id, thread_name, created_at,
                    last_message_at, color, last_message_key, creator_user_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    thread.thread_id,
                    thread.group_id,
                    thread.thread_name,
                    thread.created_at,
                    thread.last_message_at,
                    thread.color,
                    thread_sort_key(thread),
                    thread.creator_user_id,
                ),
            )
            [event] = log_events(db, GroupEvent(THREAD_CREATED, thread.group_id, thread))
            return event

    def get_thread(self, thread_id: str) -> Thread | None:
        """Return the thread, or None."""
        return select_thread(self._db.connection(), thread_id)

    def update_thread(
        self, thread_id: str, thread_name: str | None, color: str | None
    ) -> GroupEvent:
        """Change the name and color and log thread.updated, in one write.

        Raises:
            NotFound: There is no such thread.
        """
        with self._db.write() as db:
            row = db.execute(
                """UPDATE threads SET thread_name = coalesce(?, thread_name),
                    color = CASE WHEN ? IS NULL THEN color ELSE nullif(?, '') END
                WHERE thread_id = ? RETURNING *""",
                (thread_name, color, color, thread_id),
            ).fetchone()
            if row is None:
                raise NotFound(f"there is no thread {thread_id}")
            thread = thread_of(row)
            [event] = log_events(db, GroupEvent(THREAD_UPDATED, thread.group_id, thread))
            return event

    def list_threads_by_group(
        self, group_id: str, *, before_key: str | None, limit: int
    ) -> Page[Thread]:
        """Return a page of a group's threads by (lastMessageAt, threadId), most recent first.

        Reads `limit + 1` rows along the (group_id, last_message_key) index, like the DynamoDB
        query on its ByGroup index, so both stores build the same page and cursor.
        """
        db = self._db.connection()
        if before_key is None:
            rows = db.execute(_FIRST_PAGE, (group_id, limit + 1))
        else:
            rows = db.execute(_PAGE_BEFORE, (group_id, before_key, limit + 1))
        return page_of([thread_of(row) for row in rows], limit, thread_sort_key)
