"""Changes of stored messages on SQLite: edits, tombstones and reactions, each one write
transaction with its group event."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from ourchat.adapters.sqlite.database import SqliteDatabase
from ourchat.adapters.sqlite.history import log_events
from ourchat.adapters.sqlite.rows import message_of, reactions_json, reply_to_json
from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.events import (
    MESSAGE_DELETED,
    MESSAGE_UPDATED,
    REACTION_ADDED,
    REACTION_REMOVED,
    GroupEvent,
    MessageDeleted,
    ReactionChanged,
)
from ourchat.domain.models import Message
from ourchat.domain.reactions import (
    reply_to_deleted,
    tombstone,
    with_reaction_added,
    with_reaction_removed,
)


def _message(db: sqlite3.Connection, message_id: str) -> Message:
    row = db.execute("SELECT * FROM messages WHERE message_id = ?", (message_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no message {message_id}")
    return message_of(row)


def _save(db: sqlite3.Connection, message: Message) -> None:
    db.execute(
        """UPDATE messages SET content = ?, edited_at = ?, deleted_at = ?, reactions = ?,
            reply_to = ?
        WHERE message_id = ?""",
        (
            message.content,
            message.edited_at,
            message.deleted_at,
            reactions_json(message),
            reply_to_json(message),
            message.message_id,
        ),
    )


def _reactors(db: sqlite3.Connection, message_id: str, emoji: str) -> list[str]:
    rows = db.execute(
        "SELECT user_id FROM reactions WHERE message_id = ? AND emoji = ? ORDER BY user_id",
        (message_id, emoji),
    )
    return [row["user_id"] for row in rows]


def _changed(message: Message, user_id: str, emoji: str) -> ReactionChanged:
    return ReactionChanged(message.group_id, message.thread_id, message.message_id, user_id, emoji)


class SqliteMessageChanges:
    """Message changes; a part of `SqliteStore`."""

    _db: SqliteDatabase

    def get_message(self, message_id: str) -> Message | None:
        """Return the message, or None."""
        row = (
            self._db.connection()
            .execute("SELECT * FROM messages WHERE message_id = ?", (message_id,))
            .fetchone()
        )
        return message_of(row) if row is not None else None

    def edit_message(self, message_id: str, content: str, edited_at: str) -> GroupEvent:
        """Replace the content and log message.updated, in one write.

        Raises:
            NotFound: There is no such message.
            Conflict: The message is deleted.
        """
        with self._db.write() as db:
            message = _message(db, message_id)
            if message.deleted_at is not None:
                raise Conflict("a deleted message cannot be edited")
            edited = replace(message, content=content, edited_at=edited_at)
            _save(db, edited)
            [event] = log_events(db, GroupEvent(MESSAGE_UPDATED, edited.group_id, edited))
            return event

    def delete_message(self, message_id: str, deleted_at: str) -> GroupEvent | None:
        """Tombstone the message, drop its reactions, mark the replies to it, and log
        message.deleted, in one write; None when it was deleted already.

        Raises:
            NotFound: There is no such message.
        """
        with self._db.write() as db:
            message = _message(db, message_id)
            if message.deleted_at is not None:
                return None
            _save(db, tombstone(message, deleted_at))
            db.execute("DELETE FROM reactions WHERE message_id = ?", (message_id,))
            for row in db.execute(
                "SELECT * FROM messages WHERE reply_to_message_id = ?", (message_id,)
            ).fetchall():
                reply = message_of(row)
                if reply.reply_to is not None:
                    _save(db, replace(reply, reply_to=reply_to_deleted(reply.reply_to)))
            deleted = MessageDeleted(message.group_id, message.thread_id, message_id, deleted_at)
            [event] = log_events(db, GroupEvent(MESSAGE_DELETED, message.group_id, deleted))
            return event

    def add_reaction(self, message_id: str, user_id: str, emoji: str) -> GroupEvent | None:
        """Record and count a reaction, and log reaction.added, in one write.

        Raises:
            NotFound: There is no such message.
            Conflict: The message is deleted, or the emoji would be its 21st.
        """
        with self._db.write() as db:
            message = _message(db, message_id)
            if user_id in _reactors(db, message_id, emoji):
                return None
            _save(db, with_reaction_added(message, emoji, user_id))
            db.execute(
                "INSERT INTO reactions (message_id, emoji, user_id) VALUES (?, ?, ?)",
                (message_id, emoji, user_id),
            )
            changed = _changed(message, user_id, emoji)
            [event] = log_events(db, GroupEvent(REACTION_ADDED, message.group_id, changed))
            return event

    def remove_reaction(self, message_id: str, user_id: str, emoji: str) -> GroupEvent | None:
        """Take a reaction back and log reaction.removed, in one write; None if it was none.

        Raises:
            NotFound: There is no such message.
        """
        with self._db.write() as db:
            message = _message(db, message_id)
            reactors = _reactors(db, message_id, emoji)
            if user_id not in reactors:
                return None
            db.execute(
                "DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?",
                (message_id, emoji, user_id),
            )
            others = [r for r in reactors if r != user_id]
            _save(db, with_reaction_removed(message, emoji, user_id, others))
            changed = _changed(message, user_id, emoji)
            [event] = log_events(db, GroupEvent(REACTION_REMOVED, message.group_id, changed))
            return event

    def reactors(self, message_id: str, emoji: str) -> list[str]:
        """Return who reacted with the emoji, by user id."""
        return _reactors(self._db.connection(), message_id, emoji)
