"""Entities of the chat, as immutable dataclasses.

Field names are snake_case here; `ourchat.domain.records` maps them to the spec's camelCase
attribute names (userId, lastMessageAt, GSI1PK, ...) used on the wire and in the stores.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar


@dataclass(frozen=True, slots=True)
class User:
    """A person who chats; userId is the identity provider's subject."""

    user_id: str
    user_name: str
    created_at: str
    profile_image_url: str | None = None
    date_of_birth: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """A set of members who share threads; lastMessageAt starts at createdAt.

    Args:
        seq: The number of the group's latest event (0 before any): every event of the
            group gets the next one, in the same transaction as its change.
    """

    group_id: str
    group_name: str
    created_at: str
    last_message_at: str
    emoticon: str | None = None
    seq: int = 0


@dataclass(frozen=True, slots=True)
class GroupView(Group):
    """A group as a member lists it.

    Args:
        unread_count: Unread messages of others over the group's 20 most recently active
            threads, at most 100.
    """

    unread_count: int = 0


@dataclass(frozen=True, slots=True)
class Thread:
    """A conversation inside a group; lastMessageAt starts at createdAt."""

    thread_id: str
    group_id: str
    thread_name: str
    created_at: str
    last_message_at: str
    color: str | None = None
    creator_user_id: str | None = None


@dataclass(frozen=True, slots=True)
class ThreadView(Thread):
    """A thread as a member lists it: with how far they read it.

    Args:
        unread_count: Messages of others after the caller's read pointer, at most 100
            (tombstones not counted); a thread never read counts from the caller's joining.
        last_read_message_id: The message the caller's read pointer is at, if any.
    """

    unread_count: int = 0
    last_read_message_id: str | None = None


@dataclass(frozen=True, slots=True)
class ReadPointer:
    """How far a user read a thread: up to a message, by its place in the thread.

    Args:
        read_key: The message's sort key ("<createdAt>#<messageId>"); a pointer only moves
            to a greater one.
    """

    user_id: str
    thread_id: str
    group_id: str
    message_id: str
    read_key: str
    read_at: str


@dataclass(frozen=True, slots=True)
class Reaction:
    """One emoji on a message: how many reacted with it, and (up to ten of) who."""

    emoji: str
    count: int
    user_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReplyTo:
    """What a reply quotes of the message it answers.

    Args:
        excerpt: The first 140 characters of that message when the reply was sent; gone
            once that message is deleted, when `deleted` is True instead.
    """

    message_id: str
    sender_user_id: str
    excerpt: str | None = None
    deleted: bool | None = None


@dataclass(frozen=True, slots=True)
class Message:
    """One chat message.

    A deleted message stays as a tombstone in its place: `deleted_at` set, the content
    empty, no reactions and no reply.

    Args:
        seq: The group seq of its message.created event, set by the store.
        reactions: Each emoji people reacted with; empty when none.
    """

    message_id: str
    group_id: str
    thread_id: str
    content: str
    sender_user_id: str
    created_at: str
    client_message_id: str | None = None
    seq: int | None = None
    edited_at: str | None = None
    deleted_at: str | None = None
    reactions: tuple[Reaction, ...] = ()
    reply_to: ReplyTo | None = None


class Role(StrEnum):
    """A member's role in a group: one owner, any number of admins and members."""

    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"


@dataclass(frozen=True, slots=True)
class Membership:
    """A user's membership of a group.

    Args:
        joined_seq: The group seq of the member.added event that made this membership (0
            for the creator): the member may read the group's events from there on.
    """

    group_id: str
    user_id: str
    role: Role
    joined_at: str
    joined_seq: int = 0


@dataclass(frozen=True, slots=True)
class Invitation:
    """A pending invitation of a user to a group; accepting it makes a membership.

    Args:
        expires_at: When it stops counting (a timestamp); re-inviting refreshes it.
    """

    group_id: str
    user_id: str
    invited_by: str
    created_at: str
    expires_at: str


@dataclass(frozen=True, slots=True)
class Member:
    """A member as the member list shows them: their profile's public part and role."""

    user_id: str
    user_name: str
    role: Role
    joined_at: str
    profile_image_url: str | None = None
    online: bool = False
    """Whether they hold a live connection (filled in by listMembers)."""


@dataclass(frozen=True, slots=True)
class PublicProfile:
    """What anyone may learn about a user by finding them: the id, name and picture."""

    user_id: str
    user_name: str
    profile_image_url: str | None = None


@dataclass(frozen=True, slots=True)
class Departure:
    """A user's leaving (or removal from) a group, kept so that a resume can tell them.

    Args:
        seq: The group seq of the member.removed event.
        joined_seq: The joined_seq of the membership that ended.
        reason: "left" or "removed".
    """

    group_id: str
    user_id: str
    seq: int
    joined_seq: int
    reason: str
    departed_at: str


@dataclass(frozen=True, slots=True)
class Connection:
    """A live WebSocket connection of a user; it expires even if $disconnect never arrives.

    Args:
        expires_at: Unix seconds from which the record is stale: live while now < expiresAt
            (DynamoDB's TTL format; stores filter on it, as TTL deletion is lazy).
    """

    connection_id: str
    user_id: str
    connected_at: str
    expires_at: int


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing, and the opaque cursor of the next page if there may be one."""

    items: tuple[T, ...]
    next_cursor: str | None


def changed(current: str | None, wanted: str | None) -> str | None:
    """An optional field after a change: None keeps it, "" removes it, else the new value."""
    if wanted is None:
        return current
    return wanted or None
