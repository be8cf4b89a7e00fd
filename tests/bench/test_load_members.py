"""The members of a load run: split evenly over groups, seeded into the server's file."""

from __future__ import annotations

from pathlib import Path

from benchmarks.arms import content_for
from benchmarks.load_members import Member, seed
from benchmarks.load_report import LoadProfile
from ourchat.adapters.sqlite import SqliteStore
from ourchat.local.server import DATABASE_FILE


def test_members_are_split_evenly_and_seeded_into_their_groups(tmp_path: Path) -> None:
    members, rooms = seed(tmp_path, LoadProfile(7, 3, seconds=1, send_interval_seconds=1))

    assert [len(room.members) for room in rooms] == [3, 2, 2]
    assert [m.group for m in members] == [0, 1, 2, 0, 1, 2, 0]
    assert sorted(m.user_id for m in members) == sorted(u for r in rooms for u in r.members)
    with SqliteStore(tmp_path / DATABASE_FILE) as store:
        for member in members:
            room = rooms[member.group]
            assert store.get_membership(room.group_id, member.user_id) is not None
            assert store.get_thread(room.thread_id) is not None


def test_a_member_catches_up_once_every_expected_event_arrived() -> None:
    member = Member("u", 0)
    member.on_event('{"event":"message.created","data":{"content":"' + content_for(1) + '"}}')
    assert not member.caught_up.is_set()  # nothing is expected yet

    member.expected = {1, 2}
    member.check()
    assert not member.caught_up.is_set()
    member.on_event('{"event":"message.created","data":{"content":"' + content_for(2) + '"}}')
    assert member.caught_up.is_set()
