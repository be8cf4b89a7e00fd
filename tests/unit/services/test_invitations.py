"""Use cases of invitations: invite, accept, decline, list; nobody joins without consent."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ourchat.domain.errors import BadRequest, Conflict, Forbidden, NotFound
from ourchat.domain.events import INVITATION_CREATED, MEMBER_ADDED
from ourchat.domain.limits import INVITATION_LIFETIME, MAX_GROUPS_PER_USER
from ourchat.domain.models import Invitation, Membership, Role
from ourchat.domain.records import to_record
from ourchat.domain.timestamps import format_timestamp
from ourchat.services.access import NOT_A_MEMBER
from ourchat.services.groups import create_group
from ourchat.services.invitations import (
    NO_INVITATION,
    accept_invitation,
    decline_invitation,
    invite,
    list_invitations,
)
from tests.support.world import World, new_user_id


def inviting(world: World, actor_id: str, group_id: str, user_id: str) -> Invitation:
    """When `actor_id` invites `user_id` to the group."""
    return invite(
        world.store,
        world.pusher,
        world.clock,
        actor_id=actor_id,
        group_id=group_id,
        user_id=user_id,
    )


def accepting(world: World, user_id: str, group_id: str) -> Membership:
    """When `user_id` accepts their invitation to the group."""
    return accept_invitation(
        world.store, world.pusher, world.clock, user_id=user_id, group_id=group_id
    )


def test_an_invitation_waits_for_consent_and_tells_only_the_invitee(world: World) -> None:
    # Given an owner and a member, each connected, and a user to invite, connected twice
    owner, member, invitee = world.user(), world.user(), world.user()
    group = world.group(owner, member)
    world.connect(owner)
    world.connect(member)
    invitee_connections = {world.connect(invitee), world.connect(invitee)}
    now = world.clock.now
    # When the owner invites them
    invitation = inviting(world, owner, group.group_id, invitee)
    # Then they are not a member yet; only their connections hear of it, with the group
    assert invitation == Invitation(
        group.group_id,
        invitee,
        owner,
        format_timestamp(now),
        format_timestamp(now + INVITATION_LIFETIME),
    )
    assert world.store.get_membership(group.group_id, invitee) is None
    assert world.pusher.recipients() == invitee_connections
    group_now = world.store.groups[group.group_id]
    for connection_id in invitee_connections:
        assert world.pusher.frames_to(connection_id) == [
            {
                "event": INVITATION_CREATED,
                "data": {**to_record(invitation), "group": to_record(group_now)},
            }
        ]


def test_accepting_tells_every_member_including_the_new_one(world: World) -> None:
    owner, member, invitee, outsider = (world.user() for _ in range(4))
    group = world.group(owner, member)
    world.group(outsider)
    inviting(world, owner, group.group_id, invitee)
    listeners = {world.connect(owner), world.connect(member), world.connect(invitee)}
    world.connect(outsider)
    world.pusher.sent.clear()

    membership = accepting(world, invitee, group.group_id)

    seq = world.store.groups[group.group_id].seq
    assert world.store.memberships[group.group_id, invitee] == membership
    assert membership.role is Role.MEMBER
    assert membership.joined_seq == seq
    assert world.pusher.recipients() == listeners
    frame = {
        "event": MEMBER_ADDED,
        "groupId": group.group_id,
        "seq": seq,
        "data": {"groupId": group.group_id, "userId": invitee, "role": "member"},
    }
    for connection_id in listeners:
        assert world.pusher.frames_to(connection_id) == [frame]
    with world.rejected(NotFound, message=NO_INVITATION):  # used up
        accepting(world, invitee, group.group_id)


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_the_owner_and_admins_invite(world: World, role: str) -> None:
    owner, admin, invitee = world.user(), world.user(), world.user()
    group = world.group(owner, admin)
    world.promote(group, owner, admin)
    inviting(world, owner if role == "owner" else admin, group.group_id, invitee)
    assert world.store.invitations[group.group_id, invitee].invited_by in {owner, admin}


def test_a_plain_member_may_not_invite(world: World) -> None:
    owner, member, invitee = world.user(), world.user(), world.user()
    group = world.group(owner, member)
    with world.rejected(Forbidden, naming="invite"):
        inviting(world, member, group.group_id, invitee)


def test_a_non_member_may_not_invite(world: World) -> None:
    stranger, invitee = world.user(), world.user()
    group = world.group(world.user())
    with world.rejected(Forbidden, message=NOT_A_MEMBER):
        inviting(world, stranger, group.group_id, invitee)


def test_inviting_a_user_who_never_connected_is_not_found(world: World) -> None:
    owner = world.user()
    group = world.group(owner)
    unknown = new_user_id()
    with world.rejected(NotFound, naming=unknown):
        inviting(world, owner, group.group_id, unknown)


def test_inviting_a_member_is_a_conflict(world: World) -> None:
    owner, member = world.user(), world.user()
    group = world.group(owner, member)
    with world.rejected(Conflict, naming=member):
        inviting(world, owner, group.group_id, member)


def test_inviting_again_starts_the_invitation_over(world: World) -> None:
    owner, invitee = world.user(), world.user()
    group = world.group(owner)
    first = inviting(world, owner, group.group_id, invitee)
    world.clock.advance(timedelta(days=6))
    again = inviting(world, owner, group.group_id, invitee)
    assert again.expires_at > first.expires_at
    world.clock.advance(timedelta(days=2))  # past the first one's expiry
    accepting(world, invitee, group.group_id)
    assert world.store.get_membership(group.group_id, invitee) is not None


def test_an_expired_invitation_cannot_be_accepted(world: World) -> None:
    owner, invitee = world.user(), world.user()
    group = world.group(owner)
    inviting(world, owner, group.group_id, invitee)
    world.clock.advance(INVITATION_LIFETIME + timedelta(seconds=1))
    with world.rejected(NotFound, message=NO_INVITATION):
        accepting(world, invitee, group.group_id)


def test_declining_drops_the_invitation_and_tells_nobody(world: World) -> None:
    owner, invitee = world.user(), world.user()
    group = world.group(owner)
    world.connect(owner)
    inviting(world, owner, group.group_id, invitee)
    world.pusher.sent.clear()
    decline_invitation(world.store, world.clock, user_id=invitee, group_id=group.group_id)
    assert world.pusher.sent == []
    with world.rejected(NotFound, message=NO_INVITATION):
        accepting(world, invitee, group.group_id)
    with world.rejected(NotFound, message=NO_INVITATION):
        decline_invitation(world.store, world.clock, user_id=invitee, group_id=group.group_id)


def test_invitations_are_listed_newest_first_with_their_groups(world: World) -> None:
    invitee = world.user()
    groups = []
    for name in ("A", "B", "C"):
        owner = world.user()
        group = world.group(owner, name=name)
        inviting(world, owner, group.group_id, invitee)
        groups.append(world.store.groups[group.group_id])
    first = list_invitations(world.store, world.clock, user_id=invitee, cursor=None, limit=2)
    assert [i.group.group_name for i in first.items] == ["C", "B"]
    assert first.next_cursor is not None
    rest = list_invitations(
        world.store, world.clock, user_id=invitee, cursor=first.next_cursor, limit=2
    )
    assert [i.group for i in rest.items] == [groups[0]]
    assert rest.next_cursor is None


def test_hundreds_of_invitations_never_block_the_invitee(world: World) -> None:
    # Given an account that made many groups and invited a victim to each (the attack that
    # filled the victim's 500 groups when members were added without consent)
    attacker, victim = world.user(), world.user()
    for _ in range(MAX_GROUPS_PER_USER):
        group = create_group(world.store, world.clock, owner_id=attacker, group_name="spam")
        inviting(world, attacker, group.group_id, victim)
    # Then the victim is in no group, and may still create and join groups
    assert world.store.list_memberships_of_user(victim) == []
    create_group(world.store, world.clock, owner_id=victim, group_name="mine")
    friend_group = world.group(world.user())
    owner = world.store.list_members(friend_group.group_id, after_key=None, limit=1).items[0]
    inviting(world, owner.user_id, friend_group.group_id, victim)
    accepting(world, victim, friend_group.group_id)
    assert len(world.store.list_memberships_of_user(victim)) == 2


@pytest.mark.parametrize("group_id", ["group-1", ""])
def test_a_malformed_group_id_is_rejected(world: World, group_id: str) -> None:
    user = world.user()
    with world.rejected(BadRequest, naming="groupId"):
        accepting(world, user, group_id)
