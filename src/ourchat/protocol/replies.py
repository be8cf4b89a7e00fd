"""The shapes of replies that are not a single entity: pages of a listing."""

from __future__ import annotations

import msgspec

from ourchat.domain.models import Group, Message, Thread


class GroupsPage(msgspec.Struct, rename="camel"):
    """The caller's groups, most recent lastMessageAt first."""

    groups: list[Group]
    next_cursor: str | None


class ThreadsPage(msgspec.Struct, rename="camel"):
    """A group's threads, most recent lastMessageAt first."""

    threads: list[Thread]
    next_cursor: str | None


class MessagesPage(msgspec.Struct, rename="camel"):
    """A thread's messages, newest first; the page ends early at 96 KiB of JSON."""

    messages: list[Message]
    next_cursor: str | None
