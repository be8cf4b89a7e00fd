"""Contract of the Store port: invitations, roles, leaving, departures and the member list."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.events import MEMBER_REMOVED, MEMBER_UPDATED, MemberRemoved, MemberUpdated
from ourchat.domain.ids import new_ulid
from ourchat.domain.models import Member, Role
from ourchat.ports.store import Store
from tests.support.builders import (
    Room,
    a_connection,
    a_group,
    a_member,
    a_user,
    an_invitation,
    at,
    future_epoch,
    owner_of,
    user_id,
)


def test_accepting_an_invitation_uses_it_up_and_makes_a_member(store: Store, room: Room) -> None:
    invitee = user_id()
    invitation = store.put_invitation(an_invitation(room.group.group_id, invitee))

    event = store.add_membership(a_member(room.group.group_id, invitee), invitation)

    membership = store.get_membership(room.group.group_id, invitee)
    assert membership is not None
    assert membership.joined_seq == event.seq == 2
    assert store.get_invitation(room.group.group_id, invitee, at(2)) is None
    with pytest.raises(Conflict):
        store.add_membership(a_member(room.group.group_id, invitee), invitation)


def test_a_used_up_invitation_cannot_make_a_member(store: Store, room: Room) -> None:
    invitee = user_id()
    invitation = an_invitation(room.group.group_id, invitee)  # never stored

    with pytest.raises(NotFound):
        store.add_membership(a_member(room.group.group_id, invitee), invitation)

    assert store.get_membership(room.group.group_id, invitee) is None
    group = store.get_group(room.group.group_id)
    assert group is not None
    assert group.seq == 1


def test_a_new_member_s_live_connections_get_the_group_s_events(store: Store, room: Room) -> None:
    member = user_id()
    connection = a_connection(member, expires_at=future_epoch() + 3600)
    store.put_connection(connection)

    store.add_membership(a_member(room.group.group_id, member))

    live = store.connections_for_group(room.group.group_id, future_epoch())
    assert connection.connection_id in {c.connection_id for c in live}


def test_removing_a_member_cuts_their_connections_off_and_keeps_a_departure(
    store: Store, room: Room
) -> None:
    # Given a member with a live connection
    member = user_id()
    store.put_connection(a_connection(member, expires_at=future_epoch() + 3600))
    joined = store.add_membership(a_member(room.group.group_id, member))

    # When they are removed
    event = store.remove_membership(
        room.group.group_id, member, reason="removed", departed_at=at(9)
    )

    # Then the event says so, they are gone, and nothing of the group reaches them
    assert (event.name, event.seq) == (MEMBER_REMOVED, 3)
    assert event.payload == MemberRemoved(room.group.group_id, member, "removed")
    assert store.get_membership(room.group.group_id, member) is None
    live = store.connections_for_group(room.group.group_id, future_epoch())
    assert member not in {c.user_id for c in live}
    departure = store.get_departure(room.group.group_id, member, future_epoch())
    assert departure is not None
    assert (departure.seq, departure.joined_seq, departure.reason) == (3, joined.seq, "removed")
    assert departure.departed_at == at(9)
    with pytest.raises(NotFound):
        store.remove_membership(room.group.group_id, member, reason="left", departed_at=at(9))


def test_a_departure_is_forgotten_with_the_events(store: Store, room: Room) -> None:
    member = user_id()
    store.add_membership(a_member(room.group.group_id, member))
    store.remove_membership(room.group.group_id, member, reason="left", departed_at=at(9))

    assert store.get_departure(room.group.group_id, member, future_epoch() + 30 * 86400) is None
    assert store.get_departure(room.group.group_id, user_id(), future_epoch()) is None


def test_roles_change_and_ownership_moves(store: Store, room: Room) -> None:
    member = user_id()
    store.add_membership(a_member(room.group.group_id, member))

    made_admin = store.set_role(room.group.group_id, room.owner, member, Role.ADMIN)
    assert (made_admin.name, made_admin.payload) == (
        MEMBER_UPDATED,
        MemberUpdated(room.group.group_id, member, Role.ADMIN),
    )
    promoted, stepped_down = store.transfer_ownership(room.group.group_id, room.owner, member)

    assert (promoted.seq, stepped_down.seq) == (made_admin.seq + 1, made_admin.seq + 2)
    assert promoted.payload == MemberUpdated(room.group.group_id, member, Role.OWNER)
    assert stepped_down.payload == MemberUpdated(room.group.group_id, room.owner, Role.ADMIN)
    assert store.get_membership(room.group.group_id, member).role is Role.OWNER  # type: ignore[union-attr]
    assert store.get_membership(room.group.group_id, room.owner).role is Role.ADMIN  # type: ignore[union-attr]
    with pytest.raises(Conflict):  # the old owner is not the owner any more
        store.transfer_ownership(room.group.group_id, room.owner, member)
    with pytest.raises(NotFound):
        store.set_role(room.group.group_id, member, user_id(), Role.ADMIN)
    # The former owner changes no role any more, and nobody demotes the owner this way
    with pytest.raises(Conflict):
        store.set_role(room.group.group_id, room.owner, member, Role.MEMBER)
    with pytest.raises(Conflict):
        store.set_role(room.group.group_id, member, member, Role.MEMBER)
    with pytest.raises(NotFound):
        store.transfer_ownership(room.group.group_id, member, user_id())


def test_has_other_members(store: Store, room: Room) -> None:
    assert store.has_other_members(room.group.group_id, room.owner) is False
    member = user_id()
    store.add_membership(a_member(room.group.group_id, member))
    assert store.has_other_members(room.group.group_id, room.owner) is True
    assert store.has_other_members(room.group.group_id, member) is True


def test_members_are_listed_by_user_id_with_their_public_profile(store: Store, room: Room) -> None:
    # Given the owner and three members, one of whom has no profile
    ids = sorted(["m-b", "m-a", "m-c"])
    prefix = user_id()
    for uid in ids:
        store.add_membership(
            replace(a_member(room.group.group_id, f"{prefix}{uid}"), joined_at=at(3))
        )
    store.put_user(a_user(f"{prefix}m-a", name="Ann", profile_image_url="https://x.io/a.png"))
    store.put_user(a_user(f"{prefix}m-b", name="Bob"))
    store.put_user(a_user(room.owner, name="Owner"))

    # When they are listed two at a time
    first = store.list_members(room.group.group_id, after_key=None, limit=2)
    assert first.next_cursor is not None
    rest = store.list_members(room.group.group_id, after_key=first.items[-1].user_id, limit=2)

    # Then every member comes once, by user id, named from the profile (or the id)
    members = [*first.items, *rest.items]
    expected = sorted(
        [
            Member(room.owner, "Owner", Role.OWNER, room.group.created_at),
            Member(f"{prefix}m-a", "Ann", Role.MEMBER, at(3), "https://x.io/a.png"),
            Member(f"{prefix}m-b", "Bob", Role.MEMBER, at(3)),
            Member(f"{prefix}m-c", f"{prefix}m-c", Role.MEMBER, at(3)),
        ],
        key=lambda member: member.user_id,
    )
    assert members == expected
    assert rest.next_cursor is None


def test_a_user_s_memberships_of_named_groups_are_read_as_last_written(
    store: Store, room: Room
) -> None:
    # Given the owner of two groups, one of them just renamed (its seq moved on)
    other = a_group()
    store.create_group(other, owner_of(other, room.owner))
    store.update_group(other.group_id, "Renamed", None)
    wanted = [room.group.group_id, other.group_id, new_ulid()]
    # Then both memberships are found, and the groups read consistently show the new seq
    found = store.get_memberships_of(room.owner, wanted)
    assert sorted(m.group_id for m in found) == sorted(wanted[:2])
    assert store.get_memberships_of(user_id(), wanted) == []
    groups = {g.group_id: g for g in store.get_groups(wanted, consistent=True)}
    assert groups[other.group_id].group_name == "Renamed"
    assert groups[other.group_id].seq == 1
