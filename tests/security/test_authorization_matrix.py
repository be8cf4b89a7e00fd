"""Who may do what: every client route against every kind of caller, over the real socket.

Each action's declaration says who may send it (`Who`); the expected outcomes follow from
that, its sample frame from its field names (tests.support.samples), and every reply is
checked against docs/asyncapi.yaml, so a new action is covered here without an edit.

Callers: a member of the group; a non-member; a member naming a group and thread that do not
exist; a member whose User record was deleted while their token is still valid. A tampered
token never gets past the handshake (HTTP 401), whatever the route
(tests/security/test_tampered_tokens.py).

Decided behaviour for a deleted user: the token is the credential and memberships are the
authorization, so the User record (a profile) is not consulted on requests; the connection
keeps the access its memberships give until the token expires, nobody can add the user to a
group meanwhile (`not_found`), and connecting again recreates the profile from the token.
docs/security.md lists this among the open points (no revocation before token expiry).
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from ourchat.domain.ids import new_ulid
from ourchat.local.server import DATABASE_FILE, LocalChat
from ourchat.protocol.actions import ACTIONS, CLIENT_ACTIONS, Who
from tests.support.asyncapi import validate_reply
from tests.support.samples import Ids, sample_fields
from tests.support.ws_client import ChatClient, chat_client

pytestmark = pytest.mark.anyio

OK, FORBIDDEN, NOT_FOUND = "ok", "forbidden", "not_found"
ADMITTED = "admitted"
"""Any answer but `forbidden` (and never `internal`): what an admitted caller gets depends on
the sample frame (a user to remove who is no member is `not_found`, say), not on who asks."""
ROLES = ("owner", "admin", "member", "non-member", "unknown ids", "deleted user")
GROUP_ROUTES = {name for name, action in ACTIONS.items() if action.who is not Who.ANYONE}
MEMBERS = ("owner", "admin", "member", "deleted user")
MANAGERS = ("owner", "admin")


def _admitting(*admitted: str) -> dict[str, str]:
    return {role: ADMITTED if role in admitted else FORBIDDEN for role in ROLES}


OUTCOMES: dict[Who, dict[str, str]] = {
    Who.ANYONE: _admitting(*ROLES),
    Who.MEMBER: _admitting(*MEMBERS),
    Who.MANAGER: _admitting(*MANAGERS),
    # The world's thread was made by the owner, so only the managers may change it.
    Who.CREATOR_OR_MANAGER: _admitting(*MANAGERS),
    Who.OWNER: _admitting("owner"),
    # Nobody in the world is invited: whoever asks, there is no invitation to find.
    Who.INVITEE: dict.fromkeys(ROLES, NOT_FOUND),
    # The world's message was sent by the owner.
    Who.SENDER: _admitting("owner"),
    Who.SENDER_OR_MANAGER: _admitting(*MANAGERS),
}
"""The outcome each caller gets from an action, by who the action's declaration admits."""

EXPECTED: dict[str, dict[str, str]] = {
    name: OUTCOMES[action.who] for name, action in ACTIONS.items()
}
"""The outcome of each route for each caller."""
# leaveGroup and deleteUser run last: an admitted caller leaves (or is erased), and would be
# refused everything after.
LAST = ("leaveGroup", "deleteUser")
ORDER = sorted(CLIENT_ACTIONS, key=lambda a: LAST.index(a) + 1 if a in LAST else 0)


@dataclass
class World:
    """A group with a thread, its owner and a member, and people outside it."""

    chat: LocalChat
    owner: str
    admin: str
    member: str
    stranger: str
    group_id: str
    thread_id: str
    message_id: str

    def fields(self, action: str, group_id: str, thread_id: str, newcomer: str) -> dict[str, Any]:
        """A valid frame's fields for an action, naming the given group and thread."""
        return sample_fields(action, Ids(group_id, thread_id, newcomer, self.message_id))

    def delete_user_record(self, user_id: str) -> None:
        """Delete a User record behind the server's back, as a lost record would be."""
        with sqlite3.connect(self.chat.options.data_dir / DATABASE_FILE) as db:
            db.execute("DELETE FROM users WHERE user_id = ?", (user_id,))


def new_user() -> str:
    return f"u-{uuid.uuid4().hex[:10]}"


async def connect_once(chat: LocalChat, user_id: str) -> None:
    async with chat_client(chat.ws_url, chat.token_for(user_id)):
        pass  # connecting creates the user


async def join(chat: LocalChat, inviter: ChatClient, group_id: str, user_id: str) -> None:
    """Invite a user, who accepts."""
    await inviter.ok("addMember", groupId=group_id, userId=user_id)
    async with chat_client(chat.ws_url, chat.token_for(user_id)) as invitee:
        await invitee.ok("acceptInvitation", groupId=group_id)


async def build_world(chat: LocalChat) -> World:
    owner, admin, member, stranger = new_user(), new_user(), new_user(), new_user()
    for user in (admin, member, stranger):
        await connect_once(chat, user)
    async with chat_client(chat.ws_url, chat.token_for(owner)) as o:
        group_id = (await o.ok("createGroup", groupName="Private"))["groupId"]
        await join(chat, o, group_id, admin)
        await join(chat, o, group_id, member)
        await o.ok("setMemberRole", groupId=group_id, userId=admin, role="admin")
        thread_id = (await o.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        sent = await o.ok("sendMessage", groupId=group_id, threadId=thread_id, content="secret")
    return World(chat, owner, admin, member, stranger, group_id, thread_id, sent["messageId"])


@dataclass(frozen=True)
class Outcome:
    """What a request earned: `ok` or an error code, and the error message."""

    code: str
    message: str = ""


async def attempt(client: ChatClient, action: str, fields: dict[str, Any]) -> Outcome:
    reply = await client.request(action, **fields)
    validate_reply(reply)
    if reply["ok"]:
        return Outcome(OK)
    return Outcome(reply["error"]["code"], reply["error"]["message"])


async def outcomes_of(world: World, role: str) -> dict[str, Outcome]:
    """Run every route as the role's caller; return the outcome per route."""
    caller = {
        "owner": world.owner,
        "admin": world.admin,
        "member": world.member,
        "non-member": world.stranger,
        "unknown ids": world.member,
        "deleted user": world.member,
    }[role]
    group_id, thread_id = world.group_id, world.thread_id
    if role == "unknown ids":
        group_id, thread_id = new_ulid(), new_ulid()
    results: dict[str, Outcome] = {}
    async with chat_client(world.chat.ws_url, world.chat.token_for(caller)) as client:
        for action in ORDER:
            newcomer = new_user()
            await connect_once(world.chat, newcomer)
            if role == "deleted user":
                world.delete_user_record(caller)
            fields = world.fields(action, group_id, thread_id, newcomer)
            results[action] = await attempt(client, action, fields)
    return results


@pytest.mark.parametrize("role", ROLES)
async def test_every_route_gives_each_caller_the_expected_outcome(
    local_chat: LocalChat, role: str
) -> None:
    world = await build_world(local_chat)

    outcomes = await outcomes_of(world, role)

    seen = {
        action: ADMITTED if EXPECTED[action][role] == ADMITTED and o.code != FORBIDDEN else o.code
        for action, o in outcomes.items()
    }
    assert seen == {action: EXPECTED[action][role] for action in CLIENT_ACTIONS}
    assert "internal" not in {o.code for o in outcomes.values()}


async def test_ids_guessed_by_outsiders_reveal_nothing(local_chat: LocalChat) -> None:
    world = await build_world(local_chat)
    # Exists-but-forbidden and does-not-exist give the same code and the same message
    existing = await outcomes_of(world, "non-member")
    missing = await outcomes_of(world, "unknown ids")
    for action in GROUP_ROUTES:
        assert existing[action] == missing[action], action
    # And a member naming another group's thread learns no more than with a made-up id (the
    # admin: the member erased their account at the end of the runs above)
    _, foreign_thread = await other_group(local_chat)
    async with chat_client(local_chat.ws_url, local_chat.token_for(world.admin)) as m:
        base = {"groupId": world.group_id, "content": "x"}
        foreign = await attempt(m, "sendMessage", {**base, "threadId": foreign_thread})
        made_up = await attempt(m, "sendMessage", {**base, "threadId": new_ulid()})
        assert foreign.code == made_up.code == NOT_FOUND
        assert without_ids(foreign.message) == without_ids(made_up.message)
        foreign_history = await attempt(m, "getLastMessages", {"threadId": foreign_thread})
        made_up_history = await attempt(m, "getLastMessages", {"threadId": new_ulid()})
        assert foreign_history == made_up_history
        assert foreign_history.code == FORBIDDEN
        # Nothing the outsiders tried changed the group
        history = await m.ok("getLastMessages", threadId=world.thread_id)
        assert [message["content"] for message in history["messages"]] == ["secret"]
        threads = await m.ok("getThreadsByGroup", groupId=world.group_id)
        assert [t["threadId"] for t in threads["threads"]] == [world.thread_id]


async def test_a_deleted_user_cannot_be_added_until_they_connect_again(
    local_chat: LocalChat,
) -> None:
    world = await build_world(local_chat)
    gone = new_user()
    await connect_once(local_chat, gone)
    world.delete_user_record(gone)
    async with chat_client(local_chat.ws_url, local_chat.token_for(world.owner)) as o:
        refused = await attempt(o, "addMember", {"groupId": world.group_id, "userId": gone})
        assert refused.code == NOT_FOUND
        await connect_once(local_chat, gone)
        await o.ok("addMember", groupId=world.group_id, userId=gone)


async def test_a_frame_cannot_claim_another_identity(local_chat: LocalChat) -> None:
    world = await build_world(local_chat)
    async with chat_client(local_chat.ws_url, local_chat.token_for(world.member)) as m:
        # Identity fields in a frame are ignored: the caller is the token's subject
        profile = await m.ok("createUser", userName="Mallory", userId=world.owner)
        sent = await m.ok(
            "sendMessage",
            groupId=world.group_id,
            threadId=world.thread_id,
            content="from the owner?",
            senderUserId=world.owner,
            userId=world.owner,
        )
    assert profile["userId"] == world.member
    assert sent["senderUserId"] == world.member
    owner = local_chat.store.get_user(world.owner)
    assert owner is not None
    assert owner.user_name != "Mallory"


async def other_group(chat: LocalChat) -> tuple[str, str]:
    async with chat_client(chat.ws_url, chat.token_for(new_user())) as someone:
        group_id = (await someone.ok("createGroup", groupName="Other"))["groupId"]
        thread = await someone.ok("createThread", groupId=group_id, threadName="o")
    return group_id, thread["threadId"]


def without_ids(message: str) -> str:
    return re.sub(r"[0-9A-HJKMNP-TV-Z]{26}", "<id>", message)
