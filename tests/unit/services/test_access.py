"""Authorization: a non-member learns nothing from an id."""

from __future__ import annotations

import pytest

from ourchat.domain.errors import BadRequest, Forbidden
from ourchat.domain.ids import new_ulid
from ourchat.domain.models import Role
from ourchat.services.access import (
    NO_THREAD_ACCESS,
    NOT_A_MEMBER,
    require_member,
    require_thread_access,
)
from tests.support.world import World


def test_a_member_gets_their_membership(world: World) -> None:
    owner = world.user()
    group = world.group(owner)
    membership = require_member(world.store, group.group_id, owner)
    assert (membership.group_id, membership.user_id, membership.role) == (
        group.group_id,
        owner,
        Role.OWNER,
    )


@pytest.mark.parametrize("group_exists", [True, False])
def test_a_missing_group_and_a_foreign_group_give_the_same_error(
    world: World, group_exists: bool
) -> None:
    stranger = world.user()
    group_id = world.group(world.user()).group_id if group_exists else new_ulid()
    with world.rejected(Forbidden, message=NOT_A_MEMBER):
        require_member(world.store, group_id, stranger)


def test_a_malformed_group_id_is_a_bad_request(world: World) -> None:
    user_id = world.user()
    with world.rejected(BadRequest, naming="groupId"):
        require_member(world.store, "not-a-ulid", user_id)


def test_a_member_gets_the_thread(world: World) -> None:
    owner, member = world.user(), world.user()
    thread = world.thread(world.group(owner, member), owner)
    found, membership = require_thread_access(world.store, thread.thread_id, member)
    assert found == thread
    assert membership.user_id == member


@pytest.mark.parametrize("thread_exists", [True, False])
def test_a_missing_thread_and_a_thread_of_a_foreign_group_give_the_same_error(
    world: World, thread_exists: bool
) -> None:
    owner, stranger = world.user(), world.user()
    world.group(stranger)  # the stranger is a member of some other group
    thread_id = world.thread(world.group(owner), owner).thread_id if thread_exists else new_ulid()
    with world.rejected(Forbidden, message=NO_THREAD_ACCESS):
        require_thread_access(world.store, thread_id, stranger)


def test_a_malformed_thread_id_is_a_bad_request(world: World) -> None:
    user_id = world.user()
    with world.rejected(BadRequest, naming="threadId"):
        require_thread_access(world.store, "thread-1", user_id)
