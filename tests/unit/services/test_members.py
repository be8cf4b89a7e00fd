"""Use cases of members: the list, leaving, removing, roles and handing ownership on."""

from __future__ import annotations

import pytest

from ourchat.domain.errors import BadRequest, Conflict, Forbidden, NotFound
from ourchat.domain.events import MEMBER_REMOVED, MEMBER_UPDATED
from ourchat.domain.models import Role
from ourchat.services.members import leave_group, list_members, remove_member, set_member_role
from ourchat.services.messages import send_message
from tests.support.world import World


def removed_frame(world: World, group_id: str, user_id: str, reason: str) -> dict[str, object]:
    return {
        "event": MEMBER_REMOVED,
        "groupId": group_id,
        "seq": world.store.groups[group_id].seq,
        "data": {"groupId": group_id, "userId": user_id, "reason": reason},
    }


def test_a_leaver_hears_it_last_and_then_nothing_of_the_group(world: World) -> None:
    # Given a group of three, each connected
    owner, member, other = world.user(), world.user(), world.user()
    group = world.group(owner, member, other)
    thread = world.thread(group, owner)
    leaver_connection, owner_connection = world.connect(member), world.connect(owner)
    # When the member leaves
    leave_group(world.store, world.pusher, world.clock, user_id=member, group_id=group.group_id)
    # Then the owner and the leaver are told, and the leaver is no member
    frame = removed_frame(world, group.group_id, member, "left")
    assert world.pusher.frames_to(owner_connection) == [frame]
    assert world.pusher.frames_to(leaver_connection) == [frame]
    assert world.store.get_membership(group.group_id, member) is None
    # And a later message reaches the owner only
    send_message(
        world.store,
        world.pusher,
        world.clock,
        sender_id=owner,
        group_id=group.group_id,
        thread_id=thread.thread_id,
        content="bye",
    )
    assert len(world.pusher.frames_to(leaver_connection)) == 1
    assert len(world.pusher.frames_to(owner_connection)) == 2


def test_the_owner_cannot_leave_while_others_remain(world: World) -> None:
    owner, member = world.user(), world.user()
    group = world.group(owner, member)
    with world.rejected(Conflict, naming="owner"):
        leave_group(world.store, world.pusher, world.clock, user_id=owner, group_id=group.group_id)


def test_the_last_member_leaves_an_empty_group_nobody_can_reach(world: World) -> None:
    owner = world.user()
    group = world.group(owner)
    leave_group(world.store, world.pusher, world.clock, user_id=owner, group_id=group.group_id)
    assert world.store.has_other_members(group.group_id, owner) is False
    assert world.store.list_members(group.group_id, after_key=None, limit=10).items == ()
    with world.rejected(Forbidden):
        list_members(
            world.store,
            world.clock,
            actor_id=owner,
            group_id=group.group_id,
            cursor=None,
            limit=None,
        )


@pytest.mark.parametrize(
    ("remover", "target", "allowed"),
    [
        ("owner", "member", True),
        ("owner", "admin", True),
        ("admin", "member", True),
        ("admin", "other_admin", False),
        ("admin", "owner", False),
        ("member", "other", False),
    ],
)
def test_who_may_remove_whom(world: World, remover: str, target: str, allowed: bool) -> None:
    people = {name: world.user() for name in ("owner", "admin", "other_admin", "member", "other")}
    group = world.group(people["owner"], *(people[n] for n in people if n != "owner"))
    world.promote(group, people["owner"], people["admin"])
    world.promote(group, people["owner"], people["other_admin"])
    removed = world.connect(people[target])

    def remove() -> None:
        remove_member(
            world.store,
            world.pusher,
            world.clock,
            actor_id=people[remover],
            group_id=group.group_id,
            user_id=people[target],
        )

    if not allowed:
        with world.rejected(Forbidden):
            remove()
        return
    remove()
    assert world.store.get_membership(group.group_id, people[target]) is None
    assert world.pusher.frames_to(removed) == [
        removed_frame(world, group.group_id, people[target], "removed")
    ]


def test_removing_oneself_or_a_non_member_is_refused(world: World) -> None:
    owner, stranger = world.user(), world.user()
    group = world.group(owner)
    with world.rejected(BadRequest, naming="leaveGroup"):
        remove_member(
            world.store,
            world.pusher,
            world.clock,
            actor_id=owner,
            group_id=group.group_id,
            user_id=owner,
        )
    with world.rejected(NotFound, naming=stranger):
        remove_member(
            world.store,
            world.pusher,
            world.clock,
            actor_id=owner,
            group_id=group.group_id,
            user_id=stranger,
        )


def test_the_owner_makes_an_admin_and_everyone_hears_it(world: World) -> None:
    owner, member = world.user(), world.user()
    group = world.group(owner, member)
    listener = world.connect(member)
    [event] = set_member_role(
        world.store,
        world.pusher,
        world.clock,
        actor_id=owner,
        group_id=group.group_id,
        user_id=member,
        role="admin",
    )
    assert world.store.memberships[group.group_id, member].role is Role.ADMIN
    assert world.pusher.frames_to(listener) == [
        {
            "event": MEMBER_UPDATED,
            "groupId": group.group_id,
            "seq": event.seq,
            "data": {"groupId": group.group_id, "userId": member, "role": "admin"},
        }
    ]


def test_making_someone_owner_hands_ownership_on(world: World) -> None:
    owner, member = world.user(), world.user()
    group = world.group(owner, member)
    listener = world.connect(owner)
    promoted, stepped_down = set_member_role(
        world.store,
        world.pusher,
        world.clock,
        actor_id=owner,
        group_id=group.group_id,
        user_id=member,
        role="owner",
    )
    assert world.store.memberships[group.group_id, member].role is Role.OWNER
    assert world.store.memberships[group.group_id, owner].role is Role.ADMIN
    assert [f["data"]["role"] for f in world.pusher.frames_to(listener)] == ["owner", "admin"]
    assert (promoted.seq + 1) == stepped_down.seq
    # And the former owner may now leave
    leave_group(world.store, world.pusher, world.clock, user_id=owner, group_id=group.group_id)


@pytest.mark.parametrize(
    ("actor", "role", "error"),
    [
        ("admin", "admin", Forbidden),
        ("member", "admin", Forbidden),
        ("owner", "king", BadRequest),
    ],
)
def test_only_the_owner_changes_roles_to_known_ones(
    world: World, actor: str, role: str, error: type[Exception]
) -> None:
    owner, admin, member = world.user(), world.user(), world.user()
    group = world.group(owner, admin, member)
    world.promote(group, owner, admin)
    people = {"owner": owner, "admin": admin, "member": member}
    with world.rejected(error):  # type: ignore[arg-type]
        set_member_role(
            world.store,
            world.pusher,
            world.clock,
            actor_id=people[actor],
            group_id=group.group_id,
            user_id=member,
            role=role,
        )


def test_members_are_listed_with_names_and_roles_to_members_only(world: World) -> None:
    owner, member, stranger = world.user("Olive"), world.user("Max"), world.user()
    group = world.group(owner, member)
    page = list_members(
        world.store, world.clock, actor_id=member, group_id=group.group_id, cursor=None, limit=None
    )
    assert {(m.user_id, m.user_name, m.role) for m in page.items} == {
        (owner, "Olive", Role.OWNER),
        (member, "Max", Role.MEMBER),
    }
    with world.rejected(Forbidden):
        list_members(
            world.store,
            world.clock,
            actor_id=stranger,
            group_id=group.group_id,
            cursor=None,
            limit=None,
        )
