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
    """A set of members who share threads; lastMessageAt starts at createdAt."""

    group_id: str
    group_name: str
    created_at: str
    last_message_at: str
    emoticon: str | None = None


@dataclass(frozen=True, slots=True)
class Thread:
    """A conversation inside a group; lastMessageAt starts at createdAt."""

    thread_id: str
    group_id: str
    thread_name: str
    created_at: str
    last_message_at: str
    color: str | None = None


@dataclass(frozen=True, slots=True)
class Message:
    """One chat message, immutable once stored."""

    message_id: str
    group_id: str
    thread_id: str
    content: str
    sender_user_id: str
    created_at: str
    client_message_id: str | None = None


class Role(StrEnum):
    """A member's role in a group."""

    OWNER = "owner"
    MEMBER = "member"


@dataclass(frozen=True, slots=True)
class Membership:
    """A user's membership of a group."""

    group_id: str
    user_id: str
    role: Role
    joined_at: str


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
