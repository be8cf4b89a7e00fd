"""Contract of the Store port: groups and memberships."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ourchat.domain.errors import Conflict
from ourchat.domain.events import GROUP_UPDATED
from ourchat.domain.ids import new_ulid
from ourchat.domain.models import Role
from ourchat.ports.store import Store
from tests.support.builders import a_group, a_member, at, owner_of, unnumbered, user_id


def test_create_group_stores_the_group_and_makes_the_owner_a_member(store: Store) -> None:
    owner = user_id()
    group = a_group(emoticon="🧗")

    store.create_group(group, owner_of(group, owner))

    assert store.get_group(group.group_id) == group
    assert store.get_membership(group.group_id, owner) == owner_of(group, owner)
    assert store.list_memberships_of_user(owner) == [owner_of(group, owner)]


def test_group_without_emoticon_round_trips(store: Store) -> None:
    group = a_group(emoticon=None)
    store.create_group(group, owner_of(group, user_id()))

    assert store.get_group(group.group_id) == group


def test_create_group_with_a_taken_id_is_a_conflict_and_changes_nothing(store: Store) -> None:
    owner, intruder = user_id(), user_id()
    group = a_group(name="First")
    store.create_group(group, owner_of(group, owner))
    again = replace(group, group_name="Second", created_at=at(9), last_message_at=at(9))

    with pytest.raises(Conflict):
        store.create_group(again, owner_of(again, intruder))

    assert store.get_group(group.group_id) == group
    assert store.get_membership(group.group_id, intruder) is None


def test_get_group_of_unknown_id_is_none(store: Store) -> None:
    assert store.get_group(new_ulid()) is None


def test_get_groups_returns_only_existing_groups(store: Store) -> None:
    owner = user_id()
    first, second = a_group(), a_group()
    for group in (first, second):
        store.create_group(group, owner_of(group, owner))

    found = store.get_groups([first.group_id, new_ulid(), second.group_id, new_ulid()])

    assert sorted(found, key=lambda group: group.group_id) == [first, second]


def test_get_groups_of_only_missing_ids_is_empty(store: Store) -> None:
    assert store.get_groups([new_ulid(), new_ulid()]) == []


def test_get_groups_of_many_ids(store: Store) -> None:
    owner = user_id()
    groups = [a_group() for _ in range(30)]
    for group in groups:
        store.create_group(group, owner_of(group, owner))

    found = store.get_groups([group.group_id for group in groups])

    assert sorted(found, key=lambda group: group.group_id) == groups


def test_add_membership_adds_a_member(store: Store) -> None:
    group = a_group()
    store.create_group(group, owner_of(group, user_id()))
    member = a_member(group.group_id, user_id(), joined_at=at(30))

    event = store.add_membership(member)

    assert store.get_membership(group.group_id, member.user_id) == replace(
        member, joined_seq=event.seq
    )
    assert member.role is Role.MEMBER


def test_add_membership_of_a_member_is_a_conflict_and_changes_nothing(store: Store) -> None:
    # Given a member who joined at 30
    owner = user_id()
    group = a_group()
    store.create_group(group, owner_of(group, owner))
    member = a_member(group.group_id, user_id(), joined_at=at(30))
    store.add_membership(member)

    # When they are added again, and the owner is added as a plain member
    with pytest.raises(Conflict):
        store.add_membership(a_member(group.group_id, member.user_id, joined_at=at(40)))
    with pytest.raises(Conflict):
        store.add_membership(a_member(group.group_id, owner, joined_at=at(40)))

    # Then both memberships are as before
    assert unnumbered(store.get_membership(group.group_id, member.user_id)) == member
    assert store.get_membership(group.group_id, owner) == owner_of(group, owner)


def test_get_membership_of_a_non_member_is_none(store: Store) -> None:
    group = a_group()
    store.create_group(group, owner_of(group, user_id()))

    assert store.get_membership(group.group_id, user_id()) is None
    assert store.get_membership(new_ulid(), user_id()) is None


def test_list_memberships_of_user_lists_every_group_of_that_user_only(store: Store) -> None:
    # Given a user who owns one group and joined two others, and a second user
    ada, grace = user_id(), user_id()
    owned, joined, other, elsewhere = a_group(), a_group(), a_group(), a_group()
    store.create_group(owned, owner_of(owned, ada))
    store.create_group(joined, owner_of(joined, grace))
    store.create_group(other, owner_of(other, grace))
    store.create_group(elsewhere, owner_of(elsewhere, grace))
    store.add_membership(a_member(joined.group_id, ada))
    store.add_membership(a_member(other.group_id, ada))

    # When her memberships are listed
    listed = store.list_memberships_of_user(ada)

    # Then they are exactly hers
    assert sorted(map(unnumbered, listed), key=lambda membership: membership.group_id) == sorted(
        [owner_of(owned, ada), a_member(joined.group_id, ada), a_member(other.group_id, ada)],
        key=lambda membership: membership.group_id,
    )
    assert store.list_memberships_of_user(user_id()) == []


def test_update_group_sets_name_and_emoticon_and_logs_it(store: Store) -> None:
    group = a_group(emoticon="🧗")
    store.create_group(group, owner_of(group, user_id()))

    event = store.update_group(group.group_id, "Renamed", "")

    updated = replace(group, group_name="Renamed", emoticon=None, seq=1)
    assert (event.name, event.seq, event.payload) == (GROUP_UPDATED, 1, updated)
    assert store.get_group(group.group_id) == updated
    again = store.update_group(group.group_id, None, "🎉")
    assert store.get_group(group.group_id) == replace(updated, emoticon="🎉", seq=2)
    assert again.seq == 2
    # None keeps a field as it is when the change commits
    store.update_group(group.group_id, "Again", None)
    assert store.get_group(group.group_id) == replace(
        updated, group_name="Again", emoticon="🎉", seq=3
    )
