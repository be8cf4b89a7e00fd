"""The events of a group, declared once: each name with the entity its frame carries.

Services publish an event by name with its payload; the protocol documents, the AsyncAPI
document and the web client's name table are generated from this registry
(`ourchat.protocol`), so a name cannot exist in one place and not in another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ourchat.domain.models import Message, Thread


@dataclass(frozen=True, slots=True)
class MemberAdded:
    """A user became a member of a group."""

    group_id: str
    user_id: str


@dataclass(frozen=True, slots=True)
class EventSpec:
    """One event: its payload type and what it tells the members."""

    name: str
    payload: type
    summary: str


_EVENTS: dict[str, EventSpec] = {}


def _declare(name: str, payload: type, summary: str) -> str:
    _EVENTS[name] = EventSpec(name, payload, summary)
    return name


MESSAGE_CREATED = _declare(
    "message.created", Message, "A message was stored in one of the group's threads."
)
THREAD_CREATED = _declare("thread.created", Thread, "A thread was created in the group.")
MEMBER_ADDED = _declare(
    "member.added", MemberAdded, "A user became a member of the group (the new member too)."
)

EVENTS: Mapping[str, EventSpec] = _EVENTS
"""Every event a group's members may receive, by name, in the order declared."""


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
