"""Every action a client may send, declared once: its fields, its reply, who may send it,
and what its function touches.

A request is a msgspec struct: fields in camelCase on the wire, unknown fields ignored,
values checked by the services (so every broken rule gets the same typed error, whichever
route it came through). `ACTIONS` is the registry the route manifest, the `$default`
route, the documents and the web client's name table are built from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

import msgspec

from ourchat.domain.models import Group, Membership, Message, Thread, User
from ourchat.protocol.replies import GroupsPage, MessagesPage, ThreadsPage


class Request(msgspec.Struct, rename="camel", frozen=True):
    """Base of request bodies: fields in camelCase; unknown fields are ignored."""


R = TypeVar("R", bound=type[Request])


class Who(StrEnum):
    """Who may send an action; the services enforce it, the authorization matrix tests it."""

    ANYONE = "anyone"
    """Any signed-in user, about their own things."""
    MEMBER = "member"
    """A member of the group the frame names (directly, or through its thread)."""


@dataclass(frozen=True, slots=True)
class Grants:
    """What the action's function touches: logical tables read and written, and pushes.

    They become the function's IAM policy on AWS (`ourchat_infra`); a drift test runs every
    handler against DynamoDB and checks each call against them.
    """

    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()
    pushes: bool = False


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
        summary = (request.__doc__ or "").strip().splitlines()[0]
        _ACTIONS[name] = Action(name, request, reply, who, grants, summary)
        _NAMES[request] = name
        return request

    return declare


def action_name(request: type[Request]) -> str:
    """Return the action whose body `request` is.

    Raises:
        KeyError: The struct was not declared with `action`.
    """
    return _NAMES[request]


@action(
    "createUser",
    reply=User,
    who=Who.ANYONE,
    # One UpdateItem (ReturnValues=ALL_NEW), which needs no read permission.
    grants=Grants(writes=("User",)),
)
class CreateUser(Request, frozen=True):
    """Create or update the caller's own profile; the user id is the token's subject."""

    user_name: str
    profile_image_url: str | None = None
    date_of_birth: str | None = None


@action(
    "createGroup",
    reply=Group,
    who=Who.ANYONE,
    # The owner's live connections are subscribed to the new group at once; the owner's
    # memberships (ByUser) are counted against MAX_GROUPS_PER_USER first.
    grants=Grants(
        reads=("Connection", "Membership"), writes=("Group", "Membership", "Subscription")
    ),
)
class CreateGroup(Request, frozen=True):
    """Create a group; the caller becomes its owner."""

    group_name: str
    emoticon: str | None = None


@action(
    "addMember",
    reply=Membership,
    who=Who.MEMBER,
    # The new member's live connections are subscribed to the group at once.
    grants=Grants(
        reads=("User", "Connection", *FANOUT_READS),
        writes=("Membership", *FANOUT_WRITES),
        pushes=True,
    ),
)
class AddMember(Request, frozen=True):
    """Add a user to a group the caller is a member of."""

    group_id: str
    user_id: str


@action(
    "listGroups",
    reply=GroupsPage,
    who=Who.ANYONE,
    grants=Grants(reads=("Membership", "Group")),
)
class ListGroups(Request, frozen=True):
    """List the caller's groups, most recent lastMessageAt first."""

    cursor: str | None = None
    limit: int | None = None


@action(
    "createThread",
    reply=Thread,
    who=Who.MEMBER,
    grants=Grants(reads=FANOUT_READS, writes=("Thread", *FANOUT_WRITES), pushes=True),
)
class CreateThread(Request, frozen=True):
    """Create a thread in a group and tell its members."""

    group_id: str
    thread_name: str
    color: str | None = None


@action(
    "sendMessage",
    reply=Message,
    who=Who.MEMBER,
    # Thread and Group: the append's retry checks them with ConditionCheck (a read).
    grants=Grants(
        reads=("Message", "Thread", "Group", *FANOUT_READS),
        writes=("Message", "Thread", "Group", *FANOUT_WRITES),
        pushes=True,
    ),
)
class SendMessage(Request, frozen=True):
    """Store a message and push it to the group; a clientMessageId makes a resend safe."""

    group_id: str
    thread_id: str
    content: str
    client_message_id: str | None = None


@action(
    "getLastMessages",
    reply=MessagesPage,
    who=Who.MEMBER,
    grants=Grants(reads=("Thread", "Membership", "Message")),
)
class GetLastMessages(Request, frozen=True):
    """Page back through a thread's messages, newest first."""

    thread_id: str
    before: str | None = None
    limit: int | None = None


@action(
    "getThreadsByGroup",
    reply=ThreadsPage,
    who=Who.MEMBER,
    grants=Grants(reads=("Membership", "Thread")),
)
class GetThreadsByGroup(Request, frozen=True):
    """List a group's threads, most recent lastMessageAt first."""

    group_id: str
    cursor: str | None = None
    limit: int | None = None


ACTIONS: Mapping[str, Action] = _ACTIONS
"""Every client action by name, in the order declared (the order of the documents)."""

CLIENT_ACTIONS: tuple[str, ...] = tuple(_ACTIONS)
"""The actions a client may name in a frame's `action` field."""
