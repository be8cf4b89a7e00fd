"""Use cases of groups: create_group, add_member, list_groups."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ourchat.domain.errors import BadRequest, Conflict, Forbidden, NotFound
from ourchat.domain.events import MEMBER_ADDED
from ourchat.domain.ids import is_ulid, new_ulid
from ourchat.domain.limits import MAX_GROUPS_PER_USER
from ourchat.domain.models import Group, Membership, Page, Role
from ourchat.domain.timestamps import epoch_ms, format_timestamp
from ourchat.services.access import NOT_A_MEMBER
from ourchat.services.groups import add_member, create_group, list_groups
from tests.support.world import World, new_user_id

PARTY = "\U0001f389"


def add(world: World, actor_id: str, group_id: str, user_id: str) -> Membership:
    """When `actor_id` adds `user_id` to the group."""
    return add_member(
        world.store,
        world.pusher,
        world.clock,
        actor_id=actor_id,
        group_id=group_id,
        user_id=user_id,
    )


def test_create_group_makes_the_creator_its_owner(world: World) -> None:
    owner, now = world.user(), world.clock.now
    group = create_group(
        world.store, world.clock, owner_id=owner, group_name="Team", emoticon=PARTY
    )
    created_at = format_timestamp(now)
    assert group == Group(group.group_id, "Team", created_at, created_at, PARTY)
    assert is_ulid(group.group_id)
    assert group.group_id[:10] == new_ulid(epoch_ms(now))[:10]
    assert world.store.groups == {group.group_id: group}
    assert world.store.memberships == {
        (group.group_id, owner): Membership(group.group_id, owner, Role.OWNER, created_at)
    }


def test_create_group_without_an_emoticon(world: World) -> None:
    group = create_group(world.store, world.clock, owner_id=world.user(), group_name="Team")
    assert group.emoticon is None


@pytest.mark.parametrize(
    ("field", "name", "emoticon"),
    [
        ("groupName", "", None),
        ("groupName", " \t ", None),
        ("groupName", "g" * 101, None),
        ("groupName", "bad\x07name", None),
        ("groupName", "\ud800", None),
        ("emoticon", "Team", ""),
        ("emoticon", "Team", "a"),
        ("emoticon", "Team", "two words"),
        ("emoticon", "Team", PARTY * 2),
        ("emoticon", "Team", PARTY * 5),
    ],
)
def test_a_bad_group_is_rejected_and_nothing_is_stored(
    world: World, field: str, name: str, emoticon: str | None
) -> None:
    owner = world.user()
    with world.rejected(BadRequest, naming=field):
        create_group(world.store, world.clock, owner_id=owner, group_name=name, emoticon=emoticon)


def test_add_member_tells_every_member_including_the_new_one(world: World) -> None:
    # Given a group of an owner and a member, each connected, a new user, and an outsider
    owner, member, newcomer, outsider = (world.user() for _ in range(4))
    group = world.group(owner, member)
    world.group(outsider)
    listeners = {world.connect(owner), world.connect(member), world.connect(newcomer)}
    world.connect(outsider)
    # When the owner adds the newcomer
    membership = add(world, owner, group.group_id, newcomer)
    # Then the newcomer is a member, and every member's connection heard about it
    assert membership.role is Role.MEMBER
    assert world.store.memberships[group.group_id, newcomer] == membership
    assert world.pusher.recipients() == listeners
    for connection_id in listeners:
        assert world.pusher.frames_to(connection_id) == [
            {"event": MEMBER_ADDED, "data": {"groupId": group.group_id, "userId": newcomer}}
        ]


def test_any_member_may_add_a_member(world: World) -> None:
    owner, member, newcomer = world.user(), world.user(), world.user()
    group = world.group(owner, member)
    add(world, member, group.group_id, newcomer)
    assert (group.group_id, newcomer) in world.store.memberships


@pytest.mark.parametrize("group_exists", [True, False])
def test_a_non_member_may_not_add_members(world: World, group_exists: bool) -> None:
    stranger, newcomer = world.user(), world.user()
    group_id = world.group(world.user()).group_id if group_exists else new_ulid()
    with world.rejected(Forbidden, message=NOT_A_MEMBER):
        add(world, stranger, group_id, newcomer)


def test_adding_a_user_who_never_connected_is_not_found(world: World) -> None:
    owner = world.user()
    group = world.group(owner)
    world.connect(owner)
    unknown = new_user_id()
    with world.rejected(NotFound, naming=unknown):
        add(world, owner, group.group_id, unknown)


@pytest.mark.parametrize("who", ["owner", "member"])
def test_adding_a_member_again_is_a_conflict(world: World, who: str) -> None:
    owner, member = world.user(), world.user()
    group = world.group(owner, member)
    world.connect(owner)
    with world.rejected(Conflict, naming=owner if who == "owner" else member):
        add(world, owner, group.group_id, owner if who == "owner" else member)


@pytest.mark.parametrize(
    ("field", "group_id", "user_id"),
    [
        ("groupId", "group-1", None),
        ("groupId", "", None),
        ("userId", None, ""),
        ("userId", None, "has space"),
        ("userId", None, "u" * 129),
    ],
)
def test_add_member_with_a_malformed_id_is_rejected(
    world: World, field: str, group_id: str | None, user_id: str | None
) -> None:
    owner, newcomer = world.user(), world.user()
    group = world.group(owner)
    world.connect(owner)
    with world.rejected(BadRequest, naming=field):
        add(
            world,
            owner,
            group.group_id if group_id is None else group_id,
            newcomer if user_id is None else user_id,
        )


def test_list_groups_puts_the_most_recent_message_first(world: World) -> None:
    # Given three groups created in order, and a message in the oldest one
    user_id = world.user()
    oldest, middle, newest = (world.group(user_id, name=f"G{i}") for i in range(3))
    world.group(world.user())  # someone else's group
    world.message(world.thread(oldest, user_id), user_id)
    # When the user lists their groups, Then the one with the latest message comes first
    listed = list_groups(world.store, user_id=user_id).items
    assert [g.group_id for g in listed] == [oldest.group_id, newest.group_id, middle.group_id]
    assert listed[0].last_message_at > listed[1].last_message_at > listed[2].last_message_at


def test_groups_with_the_same_last_message_at_are_ordered_by_id(world: World) -> None:
    world.clock.step = timedelta(0)  # every group created in the same millisecond
    user_id = world.user()
    groups = [world.group(user_id) for _ in range(3)]
    listed = list_groups(world.store, user_id=user_id).items
    assert list(listed) == sorted(groups, key=lambda g: g.group_id, reverse=True)


def test_a_user_without_groups_lists_none(world: World) -> None:
    assert list_groups(world.store, user_id=world.user()) == Page((), None)


def test_list_groups_pages_through_every_group_once(world: World) -> None:
    # Given seven groups, with messages reordering some of them
    user_id = world.user()
    groups = [world.group(user_id) for _ in range(7)]
    world.message(world.thread(groups[2], user_id), user_id)
    expected = list_groups(world.store, user_id=user_id, limit=100).items
    # When they are listed three at a time
    seen: list[Group] = []
    cursor: str | None = None
    for _ in range(10):
        page = list_groups(world.store, user_id=user_id, cursor=cursor, limit=3)
        seen += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    # Then every group comes once, in the same order as one big page
    assert seen == list(expected)
    assert len(seen) == 7


def test_a_user_may_be_in_at_most_max_groups(world: World) -> None:
    # Given a user who is in the most groups allowed
    user_id, other = world.user(), world.user()
    for _ in range(MAX_GROUPS_PER_USER):
        world.group(user_id)
    # Then creating one more, or being added to one, is a conflict and stores nothing
    with world.rejected(
        Conflict, message=f"{user_id!r} is in {MAX_GROUPS_PER_USER} groups, the most allowed"
    ):
        create_group(world.store, world.clock, owner_id=user_id, group_name="one too many")
    group = world.group(other)
    with world.rejected(Conflict):
        add(world, other, group.group_id, user_id)
