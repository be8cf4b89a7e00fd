"""The memberships and departures tables: membership operations of the Store port on SQLite.

The member's live connections receive the group's events with no write of their own:
`connections_for_group` joins memberships with connections.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence

from ourchat.adapters.sqlite.database import SqliteDatabase
from ourchat.adapters.sqlite.history import RETENTION_SECONDS, log_events
from ourchat.adapters.sqlite.rows import departure_of, member_of, membership_of
from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.events import (
    MEMBER_ADDED,
    MEMBER_REMOVED,
    MEMBER_UPDATED,
    GroupEvent,
    MemberAdded,
    MemberRemoved,
    MemberUpdated,
)
from ourchat.domain.models import Departure, Invitation, Member, Membership, Page, Role
from ourchat.domain.pagination import page_of


def select_membership(db: sqlite3.Connection, group_id: str, user_id: str) -> Membership | None:
    """Return the membership, or None."""
    row = db.execute(
        "SELECT * FROM memberships WHERE group_id = ? AND user_id = ?", (group_id, user_id)
    ).fetchone()
    return membership_of(row) if row is not None else None


def insert_membership(db: sqlite3.Connection, membership: Membership) -> None:
    """Insert a membership row as it is."""
    db.execute(
        """INSERT INTO memberships (group_id, user_id, role, joined_at, joined_seq)
        VALUES (?, ?, ?, ?, ?)""",
        (
            membership.group_id,
            membership.user_id,
            str(membership.role),
            membership.joined_at,
            membership.joined_seq,
        ),
    )


def _require_member(db: sqlite3.Connection, group_id: str, user_id: str) -> Membership:
    membership = select_membership(db, group_id, user_id)
    if membership is None:
        raise NotFound(f"{user_id} is not a member of this group")
    return membership


def _set_role(db: sqlite3.Connection, group_id: str, user_id: str, role: Role) -> None:
    db.execute(
        "UPDATE memberships SET role = ? WHERE group_id = ? AND user_id = ?",
        (str(role), group_id, user_id),
    )


class SqliteMemberships:
    """Membership operations; a part of `SqliteStore`."""

    _db: SqliteDatabase

    def add_membership(
        self, membership: Membership, invitation: Invitation | None = None
    ) -> GroupEvent:
        """Insert a membership (using up the invitation) and log member.added, in one write.

        Raises:
            NotFound: The group does not exist, or the invitation is gone.
            Conflict: The user is a member already.
        """
        with self._db.write() as db:
            if select_membership(db, membership.group_id, membership.user_id) is not None:
                raise Conflict(f"{membership.user_id} is a member of this group already")
            if invitation is not None:
                deleted = db.execute(
                    "DELETE FROM invitations WHERE group_id = ? AND user_id = ?",
                    (invitation.group_id, invitation.user_id),
                )
                if deleted.rowcount == 0:
                    raise NotFound("the invitation is gone")
            added = MemberAdded(membership.group_id, membership.user_id, membership.role)
            [event] = log_events(db, GroupEvent(MEMBER_ADDED, membership.group_id, added))
            insert_membership(
                db,
                Membership(
                    membership.group_id,
                    membership.user_id,
                    membership.role,
                    membership.joined_at,
                    event.seq,
                ),
            )
            return event

    def get_membership(self, group_id: str, user_id: str) -> Membership | None:
        """Return the membership, or None."""
        return select_membership(self._db.connection(), group_id, user_id)

    def list_memberships_of_user(self, user_id: str) -> list[Membership]:
        """Return every membership of a user, by group id."""
        rows = self._db.connection().execute(
            "SELECT * FROM memberships WHERE user_id = ? ORDER BY group_id", (user_id,)
        )
        return [membership_of(row) for row in rows]

    def get_memberships_of(self, user_id: str, group_ids: Sequence[str]) -> list[Membership]:
        """Return the user's memberships of those groups (one indexed query)."""
        rows = self._db.connection().execute(
            "SELECT * FROM memberships WHERE user_id = ?"
            " AND group_id IN (SELECT value FROM json_each(?))",
            (user_id, json.dumps(list(group_ids))),
        )
        return [membership_of(row) for row in rows]

    def list_members(self, group_id: str, *, after_key: str | None, limit: int) -> Page[Member]:
        """Return a page of members by user id, with their profiles (one indexed join)."""
        rows = (
            self._db.connection()
            .execute(
                """SELECT m.user_id, m.role, m.joined_at,
                COALESCE(u.user_name, m.user_id) AS user_name, u.profile_image_url
            FROM memberships AS m LEFT JOIN users AS u ON u.user_id = m.user_id
            WHERE m.group_id = ? AND m.user_id > ?
            ORDER BY m.user_id LIMIT ?""",
                (group_id, after_key or "", limit + 1),
            )
            .fetchall()
        )
        return page_of([member_of(row) for row in rows], limit, lambda m: m.user_id)

    def has_other_members(self, group_id: str, user_id: str) -> bool:
        """Tell whether anyone but `user_id` is a member (reads two rows at most)."""
        rows = (
            self._db.connection()
            .execute("SELECT user_id FROM memberships WHERE group_id = ? LIMIT 2", (group_id,))
            .fetchall()
        )
        return any(row["user_id"] != user_id for row in rows)

    def set_role(self, group_id: str, owner_id: str, user_id: str, role: Role) -> GroupEvent:
        """Change a member's role and log member.updated, in one write that checks both.

        Raises:
            NotFound: The user is not a member.
            Conflict: `owner_id` is not the owner, or the user is.
        """
        with self._db.write() as db:
            owner = select_membership(db, group_id, owner_id)
            if owner is None or owner.role is not Role.OWNER:
                raise Conflict(f"{owner_id} is not the owner of this group")
            if _require_member(db, group_id, user_id).role is Role.OWNER:
                raise Conflict("the owner's role changes only by handing ownership on")
            _set_role(db, group_id, user_id, role)
            updated = MemberUpdated(group_id, user_id, role)
            [event] = log_events(db, GroupEvent(MEMBER_UPDATED, group_id, updated))
            return event

    def transfer_ownership(
        self, group_id: str, owner_id: str, new_owner_id: str
    ) -> list[GroupEvent]:
        """Swap the owner for an admin of the old owner, and log both, in one write.

        Raises:
            NotFound: Either user is not a member.
            Conflict: `owner_id` is not the owner.
        """
        with self._db.write() as db:
            if _require_member(db, group_id, owner_id).role is not Role.OWNER:
                raise Conflict(f"{owner_id} is not the owner of this group")
            _require_member(db, group_id, new_owner_id)
            _set_role(db, group_id, new_owner_id, Role.OWNER)
            _set_role(db, group_id, owner_id, Role.ADMIN)
            return log_events(
                db,
                GroupEvent(
                    MEMBER_UPDATED, group_id, MemberUpdated(group_id, new_owner_id, Role.OWNER)
                ),
                GroupEvent(MEMBER_UPDATED, group_id, MemberUpdated(group_id, owner_id, Role.ADMIN)),
            )

    def remove_membership(
        self, group_id: str, user_id: str, *, reason: str, departed_at: str
    ) -> GroupEvent:
        """Delete a membership, keep its departure, and log member.removed, in one write.

        Raises:
            NotFound: The user is not a member.
        """
        with self._db.write() as db:
            membership = _require_member(db, group_id, user_id)
            db.execute(
                "DELETE FROM memberships WHERE group_id = ? AND user_id = ?", (group_id, user_id)
            )
            removed = MemberRemoved(group_id, user_id, reason)
            [event] = log_events(db, GroupEvent(MEMBER_REMOVED, group_id, removed))
            db.execute(
                """INSERT OR REPLACE INTO departures
                    (user_id, group_id, seq, joined_seq, reason, departed_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                (
                    user_id,
                    group_id,
                    event.seq,
                    membership.joined_seq,
                    reason,
                    departed_at,
                    int(time.time()) + RETENTION_SECONDS,
                ),
            )
            return event

    def get_departure(
        self, group_id: str, user_id: str, now_epoch_seconds: int
    ) -> Departure | None:
        """Return the user's latest departure from the group while it is kept, or None."""
        row = (
            self._db.connection()
            .execute(
                "SELECT * FROM departures WHERE user_id = ? AND group_id = ? AND expires_at > ?",
                (user_id, group_id, now_epoch_seconds),
            )
            .fetchone()
        )
        return departure_of(row) if row is not None else None
