"""The groups and memberships tables: the group operations of the Store port on SQLite."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from ourchat.adapters.sqlite.database import SqliteDatabase
from ourchat.adapters.sqlite.rows import group_of, membership_of
from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.models import Group, Membership


def group_exists(db: sqlite3.Connection, group_id: str) -> bool:
    """Tell whether the group exists."""
    row = db.execute("SELECT 1 FROM groups WHERE group_id = ?", (group_id,)).fetchone()
    return row is not None


def select_membership(db: sqlite3.Connection, group_id: str, user_id: str) -> Membership | None:
    """Return the membership, or None."""
    row = db.execute(
        "SELECT * FROM memberships WHERE group_id = ? AND user_id = ?", (group_id, user_id)
    ).fetchone()
    return membership_of(row) if row is not None else None


def _insert_membership(db: sqlite3.Connection, membership: Membership) -> None:
    db.execute(
        "INSERT INTO memberships (group_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)",
        (membership.group_id, membership.user_id, str(membership.role), membership.joined_at),
    )


class SqliteGroups:
    """Group and membership operations; a part of `SqliteStore`."""

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
                """INSERT INTO groups (group_id, group_name, created_at, last_message_at, emoticon)
                VALUES (?, ?, ?, ?, ?)""",
                (
                    group.group_id,
                    group.group_name,
                    group.created_at,
                    group.last_message_at,
                    group.emoticon,
                ),
            )
            _insert_membership(db, owner)

    def get_group(self, group_id: str) -> Group | None:
        """Return the group, or None."""
        db = self._db.connection()
        row = db.execute("SELECT * FROM groups WHERE group_id = ?", (group_id,)).fetchone()
        return group_of(row) if row is not None else None

    def get_groups(self, group_ids: Sequence[str]) -> list[Group]:
        """Return the groups that exist among `group_ids`, each once."""
        # One JSON array parameter instead of one placeholder per id: no limit on the count.
        rows = self._db.connection().execute(
            "SELECT * FROM groups WHERE group_id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(group_ids)),),
        )
        return [group_of(row) for row in rows]

    def get_membership(self, group_id: str, user_id: str) -> Membership | None:
        """Return the membership, or None."""
        return select_membership(self._db.connection(), group_id, user_id)

    def add_membership(self, membership: Membership) -> None:
        """Insert a membership.

        The member's live connections receive the group's events from now on with no further
        write: `connections_for_group` joins memberships with connections.

        Raises:
            NotFound: The group does not exist.
            Conflict: The user is a member already.
        """
        with self._db.write() as db:
            if not group_exists(db, membership.group_id):
                raise NotFound(f"there is no group {membership.group_id}")
            if select_membership(db, membership.group_id, membership.user_id) is not None:
                raise Conflict(f"{membership.user_id} is a member of this group already")
            _insert_membership(db, membership)

    def list_memberships_of_user(self, user_id: str) -> list[Membership]:
        """Return every membership of a user, by group id."""
        rows = self._db.connection().execute(
            "SELECT * FROM memberships WHERE user_id = ? ORDER BY group_id", (user_id,)
        )
        return [membership_of(row) for row in rows]
