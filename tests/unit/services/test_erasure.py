"""Use case deleteUser: what an erased account leaves behind, and what it does not."""

from __future__ import annotations

from typing import Any

from ourchat.domain.errors import Conflict
from ourchat.domain.events import ACCOUNT_DELETED, MEMBER_REMOVED
from ourchat.domain.models import Connection, Membership, Role
from ourchat.services.erasure import delete_user
from ourchat.services.invitations import invite
from ourchat.services.read_state import mark_read
from tests.support.builders import a_connection, at, future_epoch
from tests.support.fakes import FakePusher, FakeStore
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
    # And their other connection is told, then closed; the asking one is left for the reply
    assert world.pusher.disconnected == [elsewhere]
    assert world.pusher.frames_to(elsewhere)[0] == {
        "event": ACCOUNT_DELETED,
        "data": {"userId": leaver},
    }
    assert ACCOUNT_DELETED not in [f["event"] for f in world.pusher.frames_to(connection)]
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


class JoiningDuringErasure(FakeStore):
    """A store on which the erased user's own racing requests land mid-erasure: an
    acceptInvitation after the memberships were listed, and a $connect after the
    connections were."""

    def __init__(self) -> None:
        super().__init__()
        self.racing: tuple[Membership, Connection] | None = None

    def list_invitations(self, *args: Any, **kwargs: Any) -> Any:
        if self.racing is not None:
            membership, connection = self.racing
            self.racing = None
            self.add_membership(membership)
            self.put_connection(connection)
        return super().list_invitations(*args, **kwargs)


def test_what_a_racing_request_of_the_user_adds_meanwhile_is_erased_too() -> None:
    world = World(store=JoiningDuringErasure())
    store = world.store
    assert isinstance(store, JoiningDuringErasure)
    owner, leaver = world.user(), world.user()
    group = world.group(owner)
    asking = world.connect(leaver)
    late_connection = a_connection(leaver, expires_at=future_epoch())
    store.racing = (Membership(group.group_id, leaver, Role.MEMBER, at(1)), late_connection)
    # When the erasure runs while a join and a connect of the same user commit
    delete_user(store, world.pusher, world.clock, user_id=leaver, asking=asking)
    # Then neither survives: no membership, no connection, no profile; the late one is closed
    assert store.list_memberships_of_user(leaver) == []
    assert not any(k[0] == leaver for k in store.connections)
    assert store.get_user(leaver) is None
    assert late_connection.connection_id in world.pusher.disconnected
