"""The messages table: the message operations of the Store port on SQLite."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from ourchat.adapters.sqlite.database import SqliteDatabase
from ourchat.adapters.sqlite.history import current_seq
from ourchat.adapters.sqlite.rows import message_of, reply_to_json
from ourchat.adapters.sqlite.threads import raise_last_message_at, select_thread
from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.models import Message, Page
from ourchat.domain.pagination import message_sort_key, page_of

_FIRST_PAGE = """SELECT * FROM messages WHERE group_id = ? AND thread_id = ?
    ORDER BY sort_key DESC LIMIT ?"""
_PAGE_BEFORE = """SELECT * FROM messages WHERE group_id = ? AND thread_id = ? AND sort_key < ?
    ORDER BY sort_key DESC LIMIT ?"""


def _original_of_retry(db: sqlite3.Connection, message: Message) -> Message | None:
    if message.client_message_id is None:
        return None
    row = db.execute(
        "SELECT * FROM messages WHERE sender_user_id = ? AND client_message_id = ?",
        (message.sender_user_id, message.client_message_id),
    ).fetchone()
    return message_of(row) if row is not None else None


class SqliteMessages:
    """Message operations; a part of `SqliteStore`."""

    _db: SqliteDatabase

    def append_message(self, message: Message) -> Message:
        """Insert a message and raise its thread's and group's lastMessageAt, in one write.

        Returns:
            This message, or the original one when the sender used its clientMessageId before
            (then nothing is written, whatever thread this one names). Appending a message
            that is stored already writes nothing either.

        Raises:
            NotFound: The thread does not exist or is in another group.
            Conflict: A different message with this id exists.
        """
        with self._db.write() as db:
            original = _original_of_retry(db, message)
            if original is not None:
                return original
            thread = select_thread(db, message.thread_id)
            if thread is None or thread.group_id != message.group_id:
                raise NotFound(
                    f"there is no thread {message.thread_id} in group {message.group_id}"
                )
            row = db.execute("SELECT * FROM messages WHERE message_id = ?", (message.message_id,))
            existing = row.fetchone()
            if existing is not None:
                # The very message again (a lost reply, retried) is a no-op, as on DynamoDB.
                if replace(message_of(existing), seq=message.seq) == message:
                    return message_of(existing)
                raise Conflict(f"message {message.message_id} exists already")
            # The message is its own message.created event: it takes the group's next seq.
            stored = replace(message, seq=current_seq(db, message.group_id) + 1)
            db.execute(
                """INSERT INTO messages (message_id, group_id, thread_id, content, sender_user_id,
                    created_at, client_message_id, sort_key, seq, reply_to, reply_to_message_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    stored.message_id,
                    stored.group_id,
                    stored.thread_id,
                    stored.content,
                    stored.sender_user_id,
                    stored.created_at,
                    stored.client_message_id,
                    message_sort_key(stored),
                    stored.seq,
                    reply_to_json(stored),
                    stored.reply_to.message_id if stored.reply_to else None,
                ),
            )
            db.execute(
                "UPDATE groups SET seq = ? WHERE group_id = ?", (stored.seq, stored.group_id)
            )
            raise_last_message_at(db, thread, stored.created_at)
            return stored

    def list_messages(
        self, group_id: str, thread_id: str, *, before_key: str | None, limit: int
    ) -> Page[Message]:
        """Return a page of a thread's messages by (createdAt, messageId), newest first.

        Reads `limit + 1` rows along the (group_id, thread_id, sort_key) index, like the DynamoDB
        query on GSI1, so both stores build the same page and cursor.
        """
        db = self._db.connection()
        if before_key is None:
            rows = db.execute(_FIRST_PAGE, (group_id, thread_id, limit + 1))
        else:
            rows = db.execute(_PAGE_BEFORE, (group_id, thread_id, before_key, limit + 1))
        return page_of([message_of(row) for row in rows], limit, message_sort_key)
