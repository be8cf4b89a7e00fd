"""SQL of the users table."""

from __future__ import annotations

import sqlite3

from ourchat.adapters.sqlite.rows import user_of
from ourchat.domain.models import User

_INSERT = """INSERT INTO users (user_id, user_name, created_at, profile_image_url, date_of_birth)
    VALUES (?, ?, ?, ?, ?)"""


def _values(user: User) -> tuple[str | None, ...]:
    return (
        user.user_id,
        user.user_name,
        user.created_at,
        user.profile_image_url,
        user.date_of_birth,
    )


def get_user(db: sqlite3.Connection, user_id: str) -> User | None:
    """Return the user, or None."""
    row = db.execute("SELECT * FROM users WHERE user_id = ?", (user_id,)).fetchone()
    return user_of(row) if row is not None else None


def put_user(db: sqlite3.Connection, user: User) -> User:
    """Insert or update a user, keeping createdAt; optional fields that are None are cleared.

    Returns:
        The user as stored.
    """
    sql = (
        _INSERT
        + """ ON CONFLICT (user_id) DO UPDATE SET user_name = excluded.user_name,
            profile_image_url = excluded.profile_image_url,
            date_of_birth = excluded.date_of_birth
        RETURNING *"""
    )
    return user_of(db.execute(sql, _values(user)).fetchone())


def create_user_if_missing(db: sqlite3.Connection, user: User) -> User:
    """Insert the user unless one with that id exists.

    Returns:
        The existing user unchanged, or the new one.
    """
    existing = get_user(db, user.user_id)
    if existing is not None:
        return existing
    db.execute(_INSERT, _values(user))
    return user
