"""The users table: the user operations of the Store port on SQLite."""

from __future__ import annotations

import sqlite3

from ourchat.adapters.sqlite.database import SqliteDatabase
from ourchat.adapters.sqlite.rows import user_of
from ourchat.domain.models import User

_INSERT = """INSERT INTO users (user_id, user_name, created_at, profile_image_url, date_of_birth)
    VALUES (?, ?, ?, ?, ?)"""
_UPSERT = (
    _INSERT
    + """ ON CONFLICT (user_id) DO UPDATE SET user_name = excluded.user_name,
        profile_image_url = excluded.profile_image_url,
        date_of_birth = excluded.date_of_birth
    RETURNING *"""
)


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
