"""Conversion of SQLite rows into domain entities.

Rows carry the column names of the tables (see migrations), which these functions read.
"""

from __future__ import annotations

import json
import sqlite3

from ourchat.domain.models import (
    Connection,
    Departure,
    Group,
    Invitation,
    Member,
    Membership,
    Message,
    Reaction,
    ReplyTo,
    Role,
    Thread,
    User,
)
from ourchat.domain.records import from_record, to_record


def user_of(row: sqlite3.Row) -> User:
    """Build a User from a users row."""
    return User(
        row["user_id"],
        row["user_name"],
        row["created_at"],
        row["profile_image_url"],
        row["date_of_birth"],
    )


def group_of(row: sqlite3.Row) -> Group:
    """Build a Group from a groups row."""
    return Group(
        row["group_id"],
        row["group_name"],
        row["created_at"],
        row["last_message_at"],
        row["emoticon"],
        row["seq"],
    )


def thread_of(row: sqlite3.Row) -> Thread:
    """Build a Thread from a threads row."""
    return Thread(
        row["thread_id"],
        row["group_id"],
        row["thread_name"],
        row["created_at"],
        row["last_message_at"],
        row["color"],
        row["creator_user_id"],
    )


def message_of(row: sqlite3.Row) -> Message:
    """Build a Message from a messages row (reactions and reply are JSON records)."""
    return Message(
        row["message_id"],
        row["group_id"],
        row["thread_id"],
        row["content"],
        row["sender_user_id"],
        row["created_at"],
        row["client_message_id"],
        row["seq"],
        row["edited_at"],
        row["deleted_at"],
        tuple(from_record(Reaction, r) for r in json.loads(row["reactions"] or "[]")),
        from_record(ReplyTo, json.loads(row["reply_to"])) if row["reply_to"] else None,
    )


def reactions_json(message: Message) -> str | None:
    """The reactions column of a message: a JSON list of records, or NULL for none."""
    if not message.reactions:
        return None
    return json.dumps([to_record(r) for r in message.reactions], ensure_ascii=False)


def reply_to_json(message: Message) -> str | None:
    """The reply_to column of a message: a JSON record, or NULL."""
    return json.dumps(to_record(message.reply_to), ensure_ascii=False) if message.reply_to else None


def membership_of(row: sqlite3.Row) -> Membership:
    """Build a Membership from a memberships row."""
    return Membership(
        row["group_id"], row["user_id"], Role(row["role"]), row["joined_at"], row["joined_seq"]
    )


def invitation_of(row: sqlite3.Row) -> Invitation:
    """Build an Invitation from an invitations row."""
    return Invitation(
        row["group_id"], row["user_id"], row["invited_by"], row["created_at"], row["expires_at"]
    )


def member_of(row: sqlite3.Row) -> Member:
    """Build a Member from a memberships row joined with its users row."""
    return Member(
        row["user_id"],
        row["user_name"],
        Role(row["role"]),
        row["joined_at"],
        row["profile_image_url"],
    )


def departure_of(row: sqlite3.Row) -> Departure:
    """Build a Departure from a departures row."""
    return Departure(
        row["group_id"],
        row["user_id"],
        row["seq"],
        row["joined_seq"],
        row["reason"],
        row["departed_at"],
    )


def connection_of(row: sqlite3.Row) -> Connection:
    """Build a Connection from a connections row."""
    return Connection(row["connection_id"], row["user_id"], row["connected_at"], row["expires_at"])
