"""Use case deleteUser: what an erased account leaves behind, and what it does not."""

from __future__ import annotations

from ourchat.domain.errors import Conflict
from ourchat.domain.events import MEMBER_REMOVED
from ourchat.services.erasure import delete_user
from ourchat.services.invitations import invite
from ourchat.services.read_state import mark_read
from tests.support.fakes import FakePusher
from tests.support.world import World


def test_an_erased_user_leaves_their_groups_and_only_their_messages_stay(world: World) -> None:
    # Given a user in two groups (owning one alone), invited to a third, with a read pointer
    owner, leaver = world.user(), world.user("Lee")
    shared = world.group(owner, leaver)
    alone = world.group(leaver)
    thread = world.thread(shared, owner)
    said = world.message(thread, leaver, "mine")
    invite(
        world.store,
        FakePusher(),
        world.clock,
        actor_id=owner,
        group_id=world.group(owner).group_id,
        user_id=leaver,
    )
    connection = world.connect(leaver)
    mark_read(
        world.store,
        FakePusher(),
        world.clock,
        user_id=leaver,
        connection_id=connection,
        thread_id=thread.thread_id,
        message_id=said.message_id,
    )
    elsewhere = world.connect(leaver)
    listener = world.connect(owner)
    # When they erase their account from one of their connections
    closed = delete_user(world.store, world.pusher, world.clock, user_id=leaver, asking=connection)
    # Then the shared group heard them leave, and nothing of theirs is kept but the message
    assert [f["event"] for f in world.pusher.frames_to(listener)] == [MEMBER_REMOVED]
    assert sorted(closed) == sorted([connection, elsewhere])
    # And their other connection is closed; the asking one is left for the reply
    assert world.pusher.disconnected == [elsewhere]
    assert world.store.list_memberships_of_user(leaver) == []
    assert world.store.get_user(leaver) is None
    assert not any(k[1] == leaver for k in world.store.invitations)
    assert not any(k[0] == leaver for k in world.store.pointers)
    assert not any(k[0] == leaver for k in world.store.connections)
    assert world.store.get_message(said.message_id) == said
    assert world.store.has_other_members(alone.group_id, leaver) is False


def test_an_owner_hands_their_groups_on_first(world: World) -> None:
    owner, member = world.user(), world.user()
    group = world.group(owner, member)
    with world.rejected(Conflict, naming=group.group_id):
        delete_user(world.store, world.pusher, world.clock, user_id=owner)
