"""The groups table: the group operations of the Store port on SQLite."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from ourchat.adapters.sqlite.database import SqliteDatabase
from ourchat.adapters.sqlite.history import log_events
from ourchat.adapters.sqlite.memberships import insert_membership
from ourchat.adapters.sqlite.rows import group_of
from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.events import GROUP_UPDATED, GroupEvent
from ourchat.domain.models import Group, Membership, changed


def group_exists(db: sqlite3.Connection, group_id: str) -> bool:
    """Tell whether the group exists."""
    row = db.execute("SELECT 1 FROM groups WHERE group_id = ?", (group_id,)).fetchone()
    return row is not None


def select_group(db: sqlite3.Connection, group_id: str) -> Group | None:
    """Return the group, or None."""
    row = db.execute("SELECT * FROM groups WHERE group_id = ?", (group_id,)).fetchone()
    return group_of(row) if row is not None else None


class SqliteGroups:
    """Group operations; a part of `SqliteStore`."""

    _db: SqliteDatabase

    def create_group(self, group: Group, owner: Membership) -> None:
        """Insert a group and its owner's membership.

        Raises:
            Conflict: A group with this id exists.
        """
        with self._db.write() as db:
            if group_exists(db, group.group_id):
                raise Conflict(f"group {group.group_id} exists already")
            db.execute(
                """INSERT INTO groups (group_id, group_name, created_at, last_message_at, emoticon,
                    seq)
                VALUES (?, ?, ?, ?, ?, ?)""",
                (
                    group.group_id,
                    group.group_name,
                    group.created_at,
                    group.last_message_at,
                    group.emoticon,
                    group.seq,
                ),
            )
            insert_membership(db, owner)

    def get_group(self, group_id: str) -> Group | None:
        """Return the group, or None."""
        return select_group(self._db.connection(), group_id)

    def get_groups(self, group_ids: Sequence[str], *, consistent: bool = False) -> list[Group]:
        """Return the groups that exist among `group_ids`, each once (always consistent)."""
        # One JSON array parameter instead of one placeholder per id: no limit on the count.
        rows = self._db.connection().execute(
            "SELECT * FROM groups WHERE group_id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(group_ids)),),
        )
        return [group_of(row) for row in rows]

    def update_group(
        self, group_id: str, group_name: str | None, emoticon: str | None
    ) -> GroupEvent:
        """Change the name and emoticon and log group.updated, in one write.

        Raises:
            NotFound: There is no such group.
        """
        with self._db.write() as db:
            group = select_group(db, group_id)
            if group is None:
                raise NotFound(f"there is no group {group_id}")
            name = group_name if group_name is not None else group.group_name
            face = changed(group.emoticon, emoticon)
            db.execute(
                "UPDATE groups SET group_name = ?, emoticon = ? WHERE group_id = ?",
                (name, face, group_id),
            )
            updated = Group(
                group_id, name, group.created_at, group.last_message_at, face, group.seq + 1
            )
            [event] = log_events(db, GroupEvent(GROUP_UPDATED, group_id, updated))
            return event
