"""Membership over real sockets: invitations, roles, leaving and removing, finding people."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from websockets.exceptions import InvalidStatus

from ourchat.local.server import LocalChat
from tests.support.asyncapi import validate_event
from tests.support.local_chats import ChatFactory
from tests.support.ws_client import WAIT_SECONDS, chat_client, invite_and_accept

pytestmark = pytest.mark.anyio


def new_user() -> str:
    return f"u-{uuid.uuid4().hex[:12]}"


async def test_joining_takes_consent_and_the_new_member_hears_the_group_at_once(
    any_chat: LocalChat,
) -> None:
    owner, guest = new_user(), new_user()
    url = any_chat.ws_url
    async with (
        chat_client(url, any_chat.token_for(owner, "Olive")) as o,
        chat_client(url, any_chat.token_for(guest, "Gus")) as g1,
        chat_client(url, any_chat.token_for(guest, "Gus")) as g2,
    ):
        group_id = (await o.ok("createGroup", groupName="Climbers"))["groupId"]
        thread_id = (await o.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        await o.next_event("thread.created")
        # When the owner invites the guest, both of the guest's connections hear of it
        invitation = (await o.ok("addMember", groupId=group_id, userId=guest))["invitation"]
        for client in (g1, g2):
            seen = await client.next_event("invitation.created")
            assert seen["group"]["groupName"] == "Climbers"
            assert {k: seen[k] for k in invitation} == invitation
        # And the guest is not a member until they accept: the group is not theirs yet
        assert (await g1.ok("listGroups"))["groups"] == []
        assert (await g1.error("listMembers", groupId=group_id))["code"] == "forbidden"
        listed = await g1.ok("listInvitations")
        assert [i["groupId"] for i in listed["invitations"]] == [group_id]
        # When they accept, everyone hears member.added, and the guest's connections get the
        # group's next message without reconnecting
        membership = await g1.ok("acceptInvitation", groupId=group_id)
        assert membership["role"] == "member"
        for client in (o, g1, g2):
            added = await client.next_frame("member.added")
            assert added["data"] == {"groupId": group_id, "userId": guest, "role": "member"}
            assert added["seq"] == membership["joinedSeq"]
        sent = await o.ok("sendMessage", groupId=group_id, threadId=thread_id, content="hi")
        for client in (o, g1, g2):
            assert await client.next_event("message.created") == sent
        assert (await g1.ok("listInvitations"))["invitations"] == []
        assert (await g1.error("acceptInvitation", groupId=group_id))["code"] == "not_found"


async def test_only_owners_and_admins_invite_and_declining_tells_nobody(
    local_chat: LocalChat,
) -> None:
    owner, member, guest = new_user(), new_user(), new_user()
    url = local_chat.ws_url
    async with (
        chat_client(url, local_chat.token_for(owner)) as o,
        chat_client(url, local_chat.token_for(member)) as m,
        chat_client(url, local_chat.token_for(guest)) as g,
    ):
        group_id = (await o.ok("createGroup", groupName="G"))["groupId"]
        await invite_and_accept(o, m, group_id, member)
        await o.next_event("member.added")
        await m.next_event("member.added")
        assert (await m.error("addMember", groupId=group_id, userId=guest))["code"] == "forbidden"
        await o.ok("setMemberRole", groupId=group_id, userId=member, role="admin")
        for client in (o, m):
            assert (await client.next_event("member.updated"))["role"] == "admin"
        await m.ok("addMember", groupId=group_id, userId=guest)
        await g.next_event("invitation.created")
        assert await g.ok("declineInvitation", groupId=group_id) == {}
        assert (await g.error("declineInvitation", groupId=group_id))["code"] == "not_found"
        assert (await o.error("addMember", groupId=group_id, userId=member))["code"] == "conflict"
        for client in (o, m, g):
            await client.assert_no_event()


async def test_a_leaver_and_a_removed_member_hear_it_last(any_chat: LocalChat) -> None:
    owner, leaver, removed = new_user(), new_user(), new_user()
    url = any_chat.ws_url
    async with (
        chat_client(url, any_chat.token_for(owner)) as o,
        chat_client(url, any_chat.token_for(leaver)) as lv,
        chat_client(url, any_chat.token_for(removed)) as rm,
    ):
        group_id = (await o.ok("createGroup", groupName="G"))["groupId"]
        thread_id = (await o.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        await o.next_event("thread.created")
        for user, client in ((leaver, lv), (removed, rm)):
            await invite_and_accept(o, client, group_id, user)
        for client, count in ((o, 2), (lv, 2), (rm, 1)):
            for _ in range(count):
                await client.next_event("member.added")
        # The owner may not leave while others remain
        assert (await o.error("leaveGroup", groupId=group_id))["code"] == "conflict"
        # One leaves: the rest and the leaver hear it
        assert await lv.ok("leaveGroup", groupId=group_id) == {}
        for client in (o, rm, lv):
            frame = await client.next_frame("member.removed")
            assert frame["data"] == {"groupId": group_id, "userId": leaver, "reason": "left"}
        # One is removed: the owner and the removed member hear it
        assert await o.ok("removeMember", groupId=group_id, userId=removed) == {}
        for client in (o, rm):
            assert (await client.next_event("member.removed"))["reason"] == "removed"
        # Then neither hears the group any more, nor may read it
        await o.ok("sendMessage", groupId=group_id, threadId=thread_id, content="after")
        await o.next_event("message.created")
        for client in (lv, rm):
            await client.assert_no_event()
            assert (await client.error("getLastMessages", threadId=thread_id))["code"] == (
                "forbidden"
            )
        members = (await o.ok("listMembers", groupId=group_id))["members"]
        assert [m["userId"] for m in members] == [owner]
        # And the owner, alone now, may leave: the group is left empty
        assert await o.ok("leaveGroup", groupId=group_id) == {}
        assert (await o.ok("listGroups"))["groups"] == []


async def test_handing_ownership_on(local_chat: LocalChat) -> None:
    owner, heir = new_user(), new_user()
    url = local_chat.ws_url
    async with (
        chat_client(url, local_chat.token_for(owner)) as o,
        chat_client(url, local_chat.token_for(heir)) as h,
    ):
        group_id = (await o.ok("createGroup", groupName="G"))["groupId"]
        await invite_and_accept(o, h, group_id, heir)
        await o.next_event("member.added")
        await h.next_event("member.added")
        membership = await o.ok("setMemberRole", groupId=group_id, userId=heir, role="owner")
        assert membership["role"] == "owner"
        for client in (o, h):
            promoted = await client.next_frame("member.updated")
            stepped_down = await client.next_frame("member.updated")
            assert promoted["data"]["role"] == "owner"
            assert stepped_down["data"] == {"groupId": group_id, "userId": owner, "role": "admin"}
            assert stepped_down["seq"] == promoted["seq"] + 1
        # The old owner is an admin now: no more role changes, but they may leave
        code = await o.error("setMemberRole", groupId=group_id, userId=heir, role="member")
        assert code["code"] == "forbidden"
        await o.ok("leaveGroup", groupId=group_id)


async def test_renames_and_profiles_reach_the_members(local_chat: LocalChat) -> None:
    owner, member = new_user(), new_user()
    url = local_chat.ws_url
    async with (
        chat_client(url, local_chat.token_for(owner)) as o,
        chat_client(url, local_chat.token_for(member)) as m,
    ):
        group_id = (await o.ok("createGroup", groupName="Old", emoticon="🎉"))["groupId"]
        await invite_and_accept(o, m, group_id, member)
        await o.next_event("member.added")
        await m.next_event("member.added")
        group = await o.ok("updateGroup", groupId=group_id, groupName="New", emoticon="")
        assert (group["groupName"], "emoticon" in group) == ("New", False)
        for client in (o, m):
            assert await client.next_event("group.updated") == group
        thread = await m.ok("createThread", groupId=group_id, threadName="mine")
        for client in (o, m):
            await client.next_event("thread.created")
        assert thread["creatorUserId"] == member
        renamed = await m.ok("updateThread", threadId=thread["threadId"], threadName="ours")
        for client in (o, m):
            assert await client.next_event("thread.updated") == renamed
        assert (await m.error("updateGroup", groupId=group_id, groupName="x"))["code"] == (
            "forbidden"
        )
        profile = await m.ok("updateUser", userName="Mia", profileImageUrl="https://x.io/m.png")
        assert (profile["userName"], profile["profileImageUrl"]) == ("Mia", "https://x.io/m.png")
        cleared = await m.ok("updateUser", profileImageUrl="")
        assert (cleared["userName"], "profileImageUrl" in cleared) == ("Mia", False)
        members = (await o.ok("listMembers", groupId=group_id))["members"]
        assert {(x["userId"], x["role"]) for x in members} == {(owner, "owner"), (member, "member")}
        assert [x["userName"] for x in members if x["userId"] == member] == ["Mia"]


async def test_find_users_by_name_or_id_reveals_only_public_fields(local_chat: LocalChat) -> None:
    tag = uuid.uuid4().hex[:6]
    seeker, ada = new_user(), f"ada-{tag}"
    url = local_chat.ws_url
    async with chat_client(url, local_chat.token_for(ada, f"Ädä {tag}")) as a:
        await a.ok("updateUser", dateOfBirth="1990-05-01", profileImageUrl="https://x.io/a.png")
    async with chat_client(url, local_chat.token_for(seeker)) as s:
        by_name = (await s.ok("findUsers", query=f"äDÄ {tag}"))["users"]
        by_id = (await s.ok("findUsers", query=f"ADA-{tag}"))["users"]
        assert (
            by_name
            == by_id
            == [{"userId": ada, "userName": f"Ädä {tag}", "profileImageUrl": "https://x.io/a.png"}]
        )
        for query in ("a", "x" * 65, "  "):
            assert (await s.error("findUsers", query=query))["code"] == "bad_request"
        assert (await s.error("findUsers", query="ab", limit=21))["code"] == "bad_request"


async def test_a_user_may_hold_ten_connections_and_the_eleventh_is_refused(
    make_local_chat: ChatFactory,
) -> None:
    chat = make_local_chat()
    user = new_user()
    token = chat.token_for(user)
    clients = [chat_client(chat.ws_url, token) for _ in range(10)]
    opened = [await client.__aenter__() for client in clients]
    try:
        with pytest.raises(InvalidStatus) as refused:
            async with chat_client(chat.ws_url, token):
                pass
        assert refused.value.response.status_code == 429
        # Another user is not affected
        async with chat_client(chat.ws_url, chat.token_for(new_user())) as other:
            await other.ok("listGroups")
    finally:
        for client in clients:
            await client.__aexit__(None, None, None)
    assert len(opened) == 10
    # Once one closes, a new one is let in
    async with chat_client(chat.ws_url, token) as again:
        await again.ok("listGroups")


async def test_an_erased_account_leaves_its_groups_and_its_messages_stay(
    any_chat: LocalChat,
) -> None:
    owner, leaver = new_user(), new_user()
    url = any_chat.ws_url
    async with (
        chat_client(url, any_chat.token_for(owner, "Olive")) as o,
        chat_client(url, any_chat.token_for(leaver, "Lee")) as lee,
        chat_client(url, any_chat.token_for(leaver, "Lee")) as lee_elsewhere,
    ):
        group_id = (await o.ok("createGroup", groupName="G"))["groupId"]
        await invite_and_accept(o, lee, group_id, leaver)
        thread_id = (await o.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        said = await lee.ok("sendMessage", groupId=group_id, threadId=thread_id, content="bye")
        alone = (await lee.ok("createGroup", groupName="Mine"))["groupId"]
        # When Lee erases their account
        assert await lee.ok("deleteUser") == {}
        # Then their other connection is told, then closed normally (this one is left to its
        # client)
        heard: list[dict[str, Any]] = []
        while not heard or heard[-1]["event"] != "account.deleted":
            heard.append(await asyncio.wait_for(lee_elsewhere.events.get(), WAIT_SECONDS))
        assert heard[-1] == {"event": "account.deleted", "data": {"userId": leaver}}
        validate_event(heard[-1])
        await asyncio.wait_for(lee_elsewhere.socket.wait_closed(), WAIT_SECONDS)
        assert lee_elsewhere.socket.close_code == 1000
        assert lee.socket.close_code is None
        # And the group hears them leave; their profile is gone, their message stays
        for event in ("member.added", "thread.created", "message.created"):
            await o.next_event(event)
        removed = await o.next_event("member.removed")
        assert removed == {"groupId": group_id, "userId": leaver, "reason": "left"}
        members = (await o.ok("listMembers", groupId=group_id))["members"]
        assert [m["userId"] for m in members] == [owner]
        assert (await o.ok("findUsers", query="Lee"))["users"] == []
        history = (await o.ok("getLastMessages", threadId=thread_id))["messages"]
        assert history == [said]
    # And connecting again starts a new, empty account
    async with chat_client(url, any_chat.token_for(leaver, "Lee 2")) as again:
        assert (await again.ok("listGroups"))["groups"] == []
        assert (await again.error("listMembers", groupId=alone))["code"] == "forbidden"
