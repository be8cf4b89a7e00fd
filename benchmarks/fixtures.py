"""The rooms each server configuration gets before it starts, seeded through its store."""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.plan import StorePlan
from benchmarks.seed import Room, seed_room, user_ids
from benchmarks.stores import ServerSetup, seeding_store
from ourchat.ports.clock import system_clock


@dataclass(frozen=True, slots=True)
class Fixture:
    """The rooms of the socket scenarios: fan-out rooms by size, throughput rooms, storm room."""

    fanout: dict[int, Room]
    throughput: tuple[Room, ...]
    storm: Room


def seed_fixture(setup: ServerSetup, plan: StorePlan) -> Fixture:
    """Seed every room of the plan into the configuration's store (its server not running)."""
    now = system_clock()
    with seeding_store(setup) as store:
        fanout = {
            size.members: seed_room(store, user_ids(f"f{size.members}", size.members), now)
            for size in plan.fanout
        }
        throughput = tuple(
            seed_room(store, user_ids(f"t{index}", plan.throughput.members), now)
            for index in range(plan.throughput.groups)
        )
        storm = seed_room(store, user_ids("storm", plan.storm.connections), now)
    return Fixture(fanout, throughput, storm)


def raw_fixture(plan: StorePlan) -> Fixture:
    """The same rooms for the raw server, which needs no seeding: a room is a URL path."""

    def room(label: str, members: int) -> Room:
        ids = user_ids(label, members)
        return Room(f"room-{ids[0]}", "", ids)

    return Fixture(
        {size.members: room(f"f{size.members}", size.members) for size in plan.fanout},
        tuple(
            room(f"t{index}", plan.throughput.members) for index in range(plan.throughput.groups)
        ),
        room("storm", plan.storm.connections),
    )
