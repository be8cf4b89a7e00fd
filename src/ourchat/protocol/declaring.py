"""How an action is declared: its request struct, reply, who may send it, and its grants."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

import msgspec


class Request(msgspec.Struct, rename="camel", frozen=True):
    """Base of request bodies: fields in camelCase; unknown fields are ignored."""


R = TypeVar("R", bound=type[Request])


class Who(StrEnum):
    """Who may send an action; the services enforce it, the authorization matrix tests it."""

    ANYONE = "anyone"
    """Any signed-in user, about their own things."""
    MEMBER = "member"
    """A member of the group the frame names (directly, or through its thread)."""
    MANAGER = "manager"
    """The owner or an admin of the group the frame names."""
    CREATOR_OR_MANAGER = "creator or manager"
    """The thread's creator, or the owner or an admin of its group."""
    OWNER = "owner"
    """The owner of the group the frame names."""
    INVITEE = "invitee"
    """A user with an open invitation to the group the frame names."""
    SENDER = "sender"
    """The sender of the message the frame names."""
    SENDER_OR_MANAGER = "sender or manager"
    """The message's sender, or the owner or an admin of its group."""

    @property
    def text(self) -> str:
        """Who, in words, for the documents."""
        return _WHO_TEXT[self]


_WHO_TEXT = {
    Who.ANYONE: "any signed-in user",
    Who.MEMBER: "a member of the group",
    Who.MANAGER: "the group's owner or an admin",
    Who.CREATOR_OR_MANAGER: "the thread's creator, or the group's owner or an admin",
    Who.OWNER: "the group's owner",
    Who.INVITEE: "the invited user",
    Who.SENDER: "the message's sender",
    Who.SENDER_OR_MANAGER: "the message's sender, or the group's owner or an admin",
}


@dataclass(frozen=True, slots=True)
class Grants:
    """What the action's function touches: logical tables read and written, pushes, closes.

    They become the function's IAM policy on AWS (`ourchat_infra`); a drift test runs every
    handler against DynamoDB and checks each call against them. `pushes` is @connections
    POST (and the fan-out queue), `disconnects` @connections DELETE.
    """

    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()
    pushes: bool = False
    disconnects: bool = False


@dataclass(frozen=True, slots=True)
class Action:
    """One client action.

    Args:
        name: The frame's `action` value, which is also the WebSocket route key.
        request: The struct the frame decodes to.
        reply: The type of the reply's `data`: an entity or a page.
        who: Who may send it.
        grants: What its function touches.
        summary: What the action does, for the documents.
    """

    name: str
    request: type[Request]
    reply: type
    who: Who
    grants: Grants
    summary: str


# Tables every fan-out reads and cleans up: subscriptions to find recipients; a connection
# that answered 410 Gone is deleted with its subscriptions, found through the memberships.
FANOUT_READS = ("Subscription", "Membership")
FANOUT_WRITES = ("Subscription", "Connection")

_ACTIONS: dict[str, Action] = {}
_NAMES: dict[type[Request], str] = {}


def action(name: str, *, reply: type, who: Who, grants: Grants) -> Callable[[R], R]:
    """Declare a request struct as the body of action `name`; its docstring summarizes it."""

    def declare(request: R) -> R:
        if name in _ACTIONS:
            raise ValueError(f"action {name!r} is declared twice")
        lines = (request.__doc__ or "").strip().splitlines()
        if not lines:
            raise ValueError(f"{request.__name__} needs a docstring: its first line is the summary")
        _ACTIONS[name] = Action(name, request, reply, who, grants, lines[0])
        _NAMES[request] = name
        return request

    return declare


def action_name(request: type[Request]) -> str:
    """Return the action whose body `request` is.

    Raises:
        KeyError: The struct was not declared with `action`.
    """
    return _NAMES[request]


ACTIONS: Mapping[str, Action] = _ACTIONS
"""Every client action by name, in the order declared (the order of the documents)."""
