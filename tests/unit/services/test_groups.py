"""Use cases of groups: create_group, list_groups, update_group."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ourchat.domain.errors import BadRequest, Conflict, Forbidden
from ourchat.domain.events import GROUP_UPDATED
from ourchat.domain.ids import is_ulid, new_ulid
from ourchat.domain.limits import MAX_GROUPS_PER_USER
from ourchat.domain.models import Group, Membership, Page, Role
from ourchat.domain.records import to_record
from ourchat.domain.timestamps import epoch_ms, format_timestamp
from ourchat.services.groups import create_group, list_groups, update_group
from ourchat.services.invitations import accept_invitation, invite
from tests.support.world import World

PARTY = "\U0001f389"


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
    assert [g.group_id for g in listed] == sorted((g.group_id for g in groups), reverse=True)


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
    # While invitations to more groups pend, counting against nothing
    group = world.group(other)
    invite(
        world.store,
        world.pusher,
        world.clock,
        actor_id=other,
        group_id=group.group_id,
        user_id=user_id,
    )
    with world.rejected(Conflict):
        accept_invitation(
            world.store, world.pusher, world.clock, user_id=user_id, group_id=group.group_id
        )


def test_the_owner_or_an_admin_renames_a_group_and_every_member_hears_it(world: World) -> None:
    owner, admin, member = world.user(), world.user(), world.user()
    group = world.group(owner, admin, member)
    world.promote(group, owner, admin)
    listeners = {world.connect(owner), world.connect(member)}
    renamed = update_group(
        world.store,
        world.pusher,
        world.clock,
        actor_id=admin,
        group_id=group.group_id,
        group_name="Renamed",
        emoticon=PARTY,
    )
    assert (renamed.group_name, renamed.emoticon) == ("Renamed", PARTY)
    assert world.store.groups[group.group_id] == renamed
    frames = [world.pusher.frames_to(c) for c in listeners]
    assert all(
        f
        == [
            {
                "event": GROUP_UPDATED,
                "groupId": group.group_id,
                "seq": renamed.seq,
                "data": to_record(renamed),
            }
        ]
        for f in frames
    )
    cleared = update_group(
        world.store,
        world.pusher,
        world.clock,
        actor_id=owner,
        group_id=group.group_id,
        group_name=None,
        emoticon="",
    )
    assert (cleared.group_name, cleared.emoticon) == ("Renamed", None)


def test_a_member_may_not_change_the_group(world: World) -> None:
    owner, member = world.user(), world.user()
    group = world.group(owner, member)
    with world.rejected(Forbidden):
        update_group(
            world.store,
            world.pusher,
            world.clock,
            actor_id=member,
            group_id=group.group_id,
            group_name="Mine",
            emoticon=None,
        )


@pytest.mark.parametrize(
    ("group_name", "emoticon", "field"),
    [(None, None, "groupName"), ("", None, "groupName"), (None, "ab", "emoticon")],
)
def test_a_bad_group_change_is_rejected(
    world: World, group_name: str | None, emoticon: str | None, field: str
) -> None:
    owner = world.user()
    group = world.group(owner)
    with world.rejected(BadRequest, naming=field):
        update_group(
            world.store,
            world.pusher,
            world.clock,
            actor_id=owner,
            group_id=group.group_id,
            group_name=group_name,
            emoticon=emoticon,
        )
