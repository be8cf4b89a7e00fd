"""The people of a load run: users split evenly over groups, seeded before the server starts."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.arms import seq_of
from benchmarks.load_report import LoadProfile
from benchmarks.seed import Room, seed_room, user_ids
from benchmarks.stores import ServerSetup, seeding_store
from benchmarks.wire import BenchSocket
from ourchat.ports.clock import system_clock


@dataclass
class Member:
    """One connection: its group, and the messages (by sequence number) it received."""

    user_id: str
    group: int
    socket: BenchSocket | None = None
    received: set[int] = field(default_factory=set)
    expected: set[int] | None = None
    caught_up: asyncio.Event = field(default_factory=asyncio.Event)

    def on_event(self, frame: str) -> None:
        """Record a `message.created` event (the socket's event callback)."""
        self.received.add(seq_of(frame))
        self.check()

    def check(self) -> None:
        """Set `caught_up` once every expected message has arrived."""
        if self.expected is not None and self.expected <= self.received:
            self.caught_up.set()


def seed(data_dir: Path, profile: LoadProfile) -> tuple[list[Member], list[Room]]:
    """Seed `profile.groups` rooms (members split evenly) into the data directory's SQLite file.

    Returns:
        The members, each knowing its room's index, in turn by group; and the rooms.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    now = system_clock()
    rooms: list[Room] = []
    # The pusher does not matter: nothing is pushed while nobody is connected.
    with seeding_store(ServerSetup("sqlite", "http", data_dir)) as store:
        for index in range(profile.groups):
            size = len(range(index, profile.connections, profile.groups))
            rooms.append(seed_room(store, user_ids(f"g{index}", size), now, name=f"g{index}"))
    # Member n is in group n % groups, so that any run of consecutive members spans the groups.
    groups = profile.groups
    members = [
        Member(rooms[n % groups].members[n // groups], n % groups)
        for n in range(profile.connections)
    ]
    return members, rooms
