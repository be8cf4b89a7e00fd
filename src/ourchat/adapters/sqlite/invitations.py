"""The invitations table: the invitation operations of the Store port on SQLite."""

from __future__ import annotations

import sqlite3

from ourchat.adapters.sqlite.database import SqliteDatabase
from ourchat.adapters.sqlite.rows import invitation_of
from ourchat.domain.models import Invitation, Page
from ourchat.domain.pagination import page_of, sort_key


def invitation_sort_key(invitation: Invitation) -> str:
    """An invitation's place in its invitee's list: newest createdAt first, then groupId."""
    return sort_key(invitation.created_at, invitation.group_id)


def purge_expired_invitations(db: sqlite3.Connection, now: str) -> None:
    """Delete up to 100 expired invitations (DynamoDB's TTL does it there)."""
    db.execute(
        """DELETE FROM invitations WHERE (user_id, group_id) IN (
            SELECT user_id, group_id FROM invitations WHERE expires_at <= ? LIMIT 100)""",
        (now,),
    )


class SqliteInvitations:
    """Invitation operations; a part of `SqliteStore`."""

    _db: SqliteDatabase

    def put_invitation(self, invitation: Invitation) -> Invitation:
        """Insert or refresh an invitation (one upsert)."""
        with self._db.write() as db:
            db.execute(
                """INSERT INTO invitations
                    (user_id, group_id, invited_by, created_at, expires_at, invite_key)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id, group_id) DO UPDATE SET invited_by = excluded.invited_by,
                    created_at = excluded.created_at, expires_at = excluded.expires_at,
                    invite_key = excluded.invite_key""",
                (
                    invitation.user_id,
                    invitation.group_id,
                    invitation.invited_by,
                    invitation.created_at,
                    invitation.expires_at,
                    invitation_sort_key(invitation),
                ),
            )
        return invitation

    def get_invitation(self, group_id: str, user_id: str, now: str) -> Invitation | None:
        """Return the live invitation, or None."""
        row = (
            self._db.connection()
            .execute(
                "SELECT * FROM invitations WHERE user_id = ? AND group_id = ? AND expires_at > ?",
                (user_id, group_id, now),
            )
            .fetchone()
        )
        return invitation_of(row) if row is not None else None

    def list_invitations(
        self, user_id: str, now: str, *, before_key: str | None, limit: int
    ) -> Page[Invitation]:
        """Return a page of live invitations, newest first (the invitee index, filtered)."""
        rows = (
            self._db.connection()
            .execute(
                """SELECT * FROM invitations
            WHERE user_id = ? AND invite_key < ? AND expires_at > ?
            ORDER BY invite_key DESC LIMIT ?""",
                (user_id, before_key or "\U0010ffff", now, limit + 1),
            )
            .fetchall()
        )
        return page_of([invitation_of(row) for row in rows], limit, invitation_sort_key)

    def delete_invitation(self, group_id: str, user_id: str) -> None:
        """Delete an invitation; an unknown one is no error."""
        with self._db.write() as db:
            db.execute(
                "DELETE FROM invitations WHERE user_id = ? AND group_id = ?", (user_id, group_id)
            )
