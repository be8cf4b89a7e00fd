"""The users table: the user operations of the Store port on SQLite."""

from __future__ import annotations

import json
import sqlite3

from ourchat.adapters.sqlite.database import SqliteDatabase
from ourchat.adapters.sqlite.rows import user_of
from ourchat.domain.models import PublicProfile, User

_INSERT = """INSERT INTO users (user_id, user_name, created_at, profile_image_url, date_of_birth,
        name_key, id_key)
    VALUES (?, ?, ?, ?, ?, search_key(?2) || '#' || ?1, search_key(?1))"""
_UPSERT = (
    _INSERT
    + """ ON CONFLICT (user_id) DO UPDATE SET user_name = excluded.user_name,
        profile_image_url = excluded.profile_image_url,
        date_of_birth = excluded.date_of_birth,
        name_key = excluded.name_key
    RETURNING *"""
)
# Search keys and ids are plain text: this bound is above every character.
_KEY_END = "\U0010ffff"


def _values(user: User) -> tuple[str | None, ...]:
    return (
        user.user_id,
        user.user_name,
        user.created_at,
        user.profile_image_url,
        user.date_of_birth,
    )


def select_user(db: sqlite3.Connection, user_id: str) -> User | None:
    """Return the user, or None."""
    row = db.execute("SELECT * FROM users WHERE user_id = ?", (user_id,)).fetchone()
    return user_of(row) if row is not None else None


class SqliteUsers:
    """User operations; a part of `SqliteStore`."""

    _db: SqliteDatabase

    def get_user(self, user_id: str) -> User | None:
        """Return the user, or None."""
        return select_user(self._db.connection(), user_id)

    def delete_user(self, user_id: str) -> None:
        """Delete the user's row, read pointers and presence rows, in one write."""
        with self._db.write() as db:
            for table in ("users", "read_pointers", "presence"):
                db.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))  # noqa: S608

    def put_user(self, user: User) -> User:
        """Insert or update a user, keeping createdAt; optional fields that are None are cleared.

        Returns:
            The user as stored.
        """
        with self._db.write() as db:
            return user_of(db.execute(_UPSERT, _values(user)).fetchone())

    def create_user_if_missing(self, user: User) -> User:
        """Insert the user unless one with that id exists.

        Returns:
            The existing user unchanged, or the new one.
        """
        with self._db.write() as db:
            existing = select_user(db, user.user_id)
            if existing is not None:
                return existing
            db.execute(_INSERT, _values(user))
            return user

    def get_users(self, user_ids: list[str]) -> list[User]:
        """Return the users that exist among `user_ids`, each once."""
        rows = self._db.connection().execute(
            "SELECT * FROM users WHERE user_id IN (SELECT value FROM json_each(?))",
            (json.dumps(user_ids),),
        )
        return [user_of(row) for row in rows]

    def find_users(self, query_key: str, limit: int) -> list[PublicProfile]:
        """Return users by name or id prefix: two index range reads, merged by name key."""
        db = self._db.connection()
        by_name = db.execute(
            "SELECT * FROM users WHERE name_key >= ? AND name_key < ? ORDER BY name_key LIMIT ?",
            (query_key, query_key + _KEY_END, limit),
        ).fetchall()
        by_id = db.execute(
            "SELECT * FROM users WHERE id_key >= ? AND id_key < ? ORDER BY id_key LIMIT ?",
            (query_key, query_key + _KEY_END, limit),
        ).fetchall()
        found = {row["user_id"]: row for row in [*by_name, *by_id]}
        ordered = sorted(found.values(), key=lambda row: str(row["name_key"]))
        return [
            PublicProfile(row["user_id"], row["user_name"], row["profile_image_url"])
            for row in ordered[:limit]
        ]
