"""The events of the chat, declared once: each name with the entity its frame carries.

Services publish an event by name with its payload; the protocol documents, the AsyncAPI
document and the web client's name table are generated from this registry
(`docgen`), so a name cannot exist in one place and not in another.

A group's history events are numbered: each gets the group's next `seq` in the same
transaction as its change, and a client that missed some asks for them by number (`sync`).
Other events (to one user, or ephemeral ones) carry no seq and are not kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ourchat.domain.models import Group, Message, Role, Thread


@dataclass(frozen=True, slots=True)
class MemberAdded:
    """A user became a member of a group."""

    group_id: str
    user_id: str
    role: Role


@dataclass(frozen=True, slots=True)
class MemberRemoved:
    """A member left (`reason` "left") or was removed ("removed")."""

    group_id: str
    user_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class MemberUpdated:
    """A member's role changed."""

    group_id: str
    user_id: str
    role: Role


@dataclass(frozen=True, slots=True)
class MessageDeleted:
    """A message became a tombstone."""

    group_id: str
    thread_id: str
    message_id: str
    deleted_at: str


@dataclass(frozen=True, slots=True)
class ReactionChanged:
    """Someone added or took back one emoji on a message."""

    group_id: str
    thread_id: str
    message_id: str
    user_id: str
    emoji: str


@dataclass(frozen=True, slots=True)
class GroupInvitation:
    """A pending invitation with the group it is to, as the invitee sees it."""

    group_id: str
    user_id: str
    invited_by: str
    created_at: str
    expires_at: str
    group: Group


@dataclass(frozen=True, slots=True)
class ReadUpdated:
    """The user's read pointer of a thread moved (to their other connections)."""

    group_id: str
    thread_id: str
    message_id: str


@dataclass(frozen=True, slots=True)
class AccountDeleted:
    """The user erased their account (to their other connections, which close next)."""

    user_id: str


@dataclass(frozen=True, slots=True)
class Typing:
    """A member is typing in a thread (not kept; clients show it for 5 s)."""

    group_id: str
    thread_id: str
    user_id: str


@dataclass(frozen=True, slots=True)
class PresenceChanged:
    """A member of a watched group came online (a first live connection) or went offline."""

    user_id: str
    online: bool


@dataclass(frozen=True, slots=True)
class EventSpec:
    """One event.

    Args:
        name: The frame's `event` value.
        payload: The type of the frame's `data`.
        summary: When it is sent, for the documents.
        logged: Part of a group's numbered history (it has a seq and `sync` returns it).
    """

    name: str
    payload: type
    summary: str
    logged: bool = True


_EVENTS: dict[str, EventSpec] = {}


def _declare(name: str, payload: type, summary: str, *, logged: bool = True) -> str:
    _EVENTS[name] = EventSpec(name, payload, summary, logged)
    return name


MESSAGE_CREATED = _declare(
    "message.created", Message, "A message was stored in one of the group's threads."
)
MESSAGE_UPDATED = _declare(
    "message.updated", Message, "A message was edited (it carries editedAt)."
)
MESSAGE_DELETED = _declare(
    "message.deleted", MessageDeleted, "A message became a tombstone (content gone)."
)
REACTION_ADDED = _declare("reaction.added", ReactionChanged, "Someone reacted to a message.")
REACTION_REMOVED = _declare(
    "reaction.removed", ReactionChanged, "Someone took their reaction back."
)
THREAD_CREATED = _declare("thread.created", Thread, "A thread was created in the group.")
THREAD_UPDATED = _declare("thread.updated", Thread, "A thread was renamed or recolored.")
GROUP_UPDATED = _declare("group.updated", Group, "The group was renamed or got a new emoticon.")
MEMBER_ADDED = _declare(
    "member.added", MemberAdded, "A user accepted an invitation (the new member gets it too)."
)
MEMBER_REMOVED = _declare(
    "member.removed",
    MemberRemoved,
    "A member left or was removed; their own connections get it last of the group's events.",
)
MEMBER_UPDATED = _declare("member.updated", MemberUpdated, "A member's role changed.")
INVITATION_CREATED = _declare(
    "invitation.created",
    GroupInvitation,
    "To the invitee's connections: someone invited them to a group.",
    logged=False,
)
READ_UPDATED = _declare(
    "read.updated",
    ReadUpdated,
    "To the reader's other connections: their read pointer of a thread moved.",
    logged=False,
)
TYPING = _declare(
    "typing",
    Typing,
    "To the other members' connections: someone is typing in a thread (show it for 5 s).",
    logged=False,
)
PRESENCE_CHANGED = _declare(
    "presence.changed",
    PresenceChanged,
    "To connections watching a group: one of its members came online or went offline.",
    logged=False,
)

ACCOUNT_DELETED = _declare(
    "account.deleted",
    AccountDeleted,
    "To the user's other connections: they erased their account; sign out, as the connection"
    " closes next.",
    logged=False,
)

EVENTS: Mapping[str, EventSpec] = _EVENTS
"""Every event a client may receive, by name, in the order declared."""


@dataclass(frozen=True, slots=True)
class GroupEvent:
    """An event of a group's history; the store numbers it when its change commits.

    Args:
        name: A logged event of `EVENTS`.
        group_id: The group whose history it joins.
        payload: The entity the event carries, of the type the registry gives the name.
        seq: Its number in the group's history; 0 until the store assigns it.
    """

    name: str
    group_id: str
    payload: object
    seq: int = 0


def event_spec(name: str, payload: object) -> EventSpec:
    """Return the declaration of an event, checking that the payload is of its type.

    Raises:
        KeyError: No event has that name.
        TypeError: The payload is not the event's payload type.
    """
    spec = EVENTS[name]
    if not isinstance(payload, spec.payload):
        raise TypeError(f"{name} carries a {spec.payload.__name__}, not {type(payload).__name__}")
    return spec


def carries_message(name: str) -> bool:
    """Tell whether an event's data is a message, which the history reads as it is now."""
    return EVENTS[name].payload is Message
