"""The shapes of replies that are not a single entity: pages of a listing, and the like."""

from __future__ import annotations

from typing import Any

import msgspec

from ourchat.domain.events import GroupInvitation
from ourchat.domain.models import (
    GroupView,
    Invitation,
    Member,
    Message,
    PublicProfile,
    ThreadView,
)


class Empty(msgspec.Struct):
    """Nothing more to say: the action was done."""


class GroupsPage(msgspec.Struct, rename="camel"):
    """The caller's groups, most recent lastMessageAt first."""

    groups: list[GroupView]
    next_cursor: str | None


class ThreadsPage(msgspec.Struct, rename="camel"):
    """A group's threads, most recent lastMessageAt first."""

    threads: list[ThreadView]
    next_cursor: str | None


class MessagesPage(msgspec.Struct, rename="camel"):
    """A thread's messages, newest first; the page ends early at 96 KiB of JSON."""

    messages: list[Message]
    next_cursor: str | None


class InvitationReply(msgspec.Struct, rename="camel"):
    """The invitation made (or made anew)."""

    invitation: Invitation


class InvitationsPage(msgspec.Struct, rename="camel"):
    """The caller's open invitations, newest first, each with its group."""

    invitations: list[GroupInvitation]
    next_cursor: str | None


class MembersPage(msgspec.Struct, rename="camel"):
    """A group's members by user id, with their public profiles."""

    members: list[Member]
    next_cursor: str | None


class UsersFound(msgspec.Struct, rename="camel"):
    """The people found: at most 20, by name."""

    users: list[PublicProfile]


class EventFrame(msgspec.Struct, rename="camel"):
    """A numbered event of a group, exactly as it was pushed."""

    event: str
    group_id: str
    seq: int
    data: dict[str, Any]


class SyncPage(msgspec.Struct, rename="camel"):
    """The events after each group's afterSeq, by groupId then seq; the groups to reload."""

    events: list[EventFrame]
    next_cursor: str | None
    resets: list[str]
