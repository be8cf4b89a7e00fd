"""Contract of the Store port: pending invitations."""

from __future__ import annotations

from ourchat.domain.pagination import decode_cursor
from ourchat.ports.store import Store
from tests.support.builders import Room, a_group, an_invitation, at, owner_of, user_id


def test_an_invitation_is_live_until_it_expires(store: Store, room: Room) -> None:
    invitee = user_id()
    invitation = store.put_invitation(an_invitation(room.group.group_id, invitee, days=7))

    assert store.get_invitation(room.group.group_id, invitee, at(60)) == invitation
    assert store.get_invitation(room.group.group_id, invitee, invitation.expires_at) is None
    assert store.get_invitation(room.group.group_id, user_id(), at(60)) is None


def test_inviting_again_refreshes_the_invitation(store: Store, room: Room) -> None:
    invitee = user_id()
    store.put_invitation(an_invitation(room.group.group_id, invitee, created_at=at(1), days=1))
    again = store.put_invitation(
        an_invitation(room.group.group_id, invitee, invited_by="other", created_at=at(5), days=7)
    )

    assert store.get_invitation(room.group.group_id, invitee, at(6)) == again
    listed = store.list_invitations(invitee, at(6), before_key=None, limit=10)
    assert list(listed.items) == [again]


def test_invitations_are_listed_newest_first_live_only_and_paged(store: Store) -> None:
    # Given five invitations of one user, the second of them expired, and one of another user
    invitee, owner = user_id(), user_id()
    invitations = []
    for n in range(5):
        group = a_group()
        store.create_group(group, owner_of(group, owner))
        days = 0 if n == 1 else 7
        invitations.append(
            store.put_invitation(
                an_invitation(group.group_id, invitee, created_at=at(n), days=days)
            )
        )
    store.put_invitation(an_invitation(invitations[0].group_id, user_id()))

    # When they are listed two at a time
    first = store.list_invitations(invitee, at(30), before_key=None, limit=2)
    assert first.next_cursor is not None
    second = store.list_invitations(
        invitee, at(30), before_key=decode_cursor(first.next_cursor), limit=2
    )

    # Then the live ones come newest first, and the expired one not at all
    assert [*first.items, *second.items] == [invitations[n] for n in (4, 3, 2, 0)]
    assert second.next_cursor is None


def test_a_declined_invitation_is_gone(store: Store, room: Room) -> None:
    invitee = user_id()
    store.put_invitation(an_invitation(room.group.group_id, invitee))

    store.delete_invitation(room.group.group_id, invitee)
    store.delete_invitation(room.group.group_id, invitee)  # again: no error

    assert store.get_invitation(room.group.group_id, invitee, at(2)) is None
    assert store.list_invitations(invitee, at(2), before_key=None, limit=10).items == ()
