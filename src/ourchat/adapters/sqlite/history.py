"""The numbered history of each group on SQLite: the events table, and messages by seq.

Every change logged here runs inside its caller's write transaction, which holds SQLite's
write lock: numbering reads the group's seq and writes the next ones with no other writer in
between, so seqs are gap-free and strictly increasing.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import replace

from ourchat.adapters.sqlite.database import SqliteDatabase
from ourchat.adapters.sqlite.rows import message_of
from ourchat.domain.errors import NotFound
from ourchat.domain.events import GroupEvent, carries_message
from ourchat.domain.limits import EVENT_RETENTION
from ourchat.domain.models import Message
from ourchat.domain.records import to_record
from ourchat.ports.stores.events import LoggedEvent

RETENTION_SECONDS = int(EVENT_RETENTION.total_seconds())
# A bounded batch per write keeps each write's cost flat however many rows expired.
PURGE_BATCH = 100


def current_seq(db: sqlite3.Connection, group_id: str) -> int:
    """Return the group's latest seq.

    Raises:
        NotFound: There is no such group.
    """
    row = db.execute("SELECT seq FROM groups WHERE group_id = ?", (group_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no group {group_id}")
    return int(row["seq"])


def log_events(db: sqlite3.Connection, *events: GroupEvent) -> list[GroupEvent]:
    """Number events of one group and store them; return them with their seqs.

    An event that carries a message is kept as the message's id: its data is read from the
    message when the history is read.

    Raises:
        NotFound: The group does not exist.
    """
    group_id = events[0].group_id
    seq = current_seq(db, group_id)
    expires_at = int(time.time()) + RETENTION_SECONDS
    numbered = []
    for event in events:
        seq += 1
        if carries_message(event.name):
            if not isinstance(event.payload, Message):
                raise TypeError(f"{event.name} carries a Message")
            data, message_id = None, event.payload.message_id
        else:
            data, message_id = json.dumps(to_record(event.payload)), None
        db.execute(
            "INSERT INTO events (group_id, seq, event, data, message_id, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (group_id, seq, event.name, data, message_id, expires_at),
        )
        numbered.append(replace(event, seq=seq))
    db.execute("UPDATE groups SET seq = ? WHERE group_id = ?", (seq, group_id))
    return numbered


def purge_expired_events(db: sqlite3.Connection, now_epoch_seconds: int) -> None:
    """Delete up to PURGE_BATCH events past their retention (DynamoDB's TTL does it there)."""
    db.execute(
        """DELETE FROM events WHERE (group_id, seq) IN (
            SELECT group_id, seq FROM events WHERE expires_at <= ? LIMIT ?)""",
        (now_epoch_seconds, PURGE_BATCH),
    )


class SqliteHistory:
    """Reading the history; a part of `SqliteStore`."""

    _db: SqliteDatabase

    def read_events(
        self, group_id: str, *, after_seq: int, limit: int, now_epoch_seconds: int
    ) -> list[LoggedEvent]:
        """Return up to `limit` unexpired events after `after_seq`, by seq (one UNION read)."""
        db = self._db.connection()
        rows = db.execute(
            """SELECT seq, event, data, message_id FROM events
                WHERE group_id = ? AND seq > ? AND expires_at > ?
            UNION ALL
            SELECT seq, 'message.created', NULL, message_id FROM messages
                WHERE group_id = ? AND seq > ?
            ORDER BY seq LIMIT ?""",
            (group_id, after_seq, now_epoch_seconds, group_id, after_seq, limit),
        ).fetchall()
        ids = [row["message_id"] for row in rows if row["message_id"] is not None]
        messages = {
            row["message_id"]: message_of(row)
            for row in db.execute(
                "SELECT * FROM messages WHERE message_id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids),),
            )
        }
        events = []
        for row in rows:
            if row["message_id"] is not None:
                data = to_record(messages[row["message_id"]])
            else:
                data = json.loads(row["data"])
            events.append(LoggedEvent(row["event"], group_id, row["seq"], data))
        return events
