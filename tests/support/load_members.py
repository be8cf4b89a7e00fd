"""The people of a load run: users split evenly over groups, put into the store up front."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ourchat.adapters.sqlite import SqliteStore
from ourchat.local.server import DATABASE_FILE
from ourchat.ports.clock import system_clock
from ourchat.services.groups import add_member, create_group
from ourchat.services.threads import create_thread
from ourchat.services.users import ensure_user
from tests.support.fakes import FakePusher
from tests.support.load_report import LoadProfile
from tests.support.ws_client import ChatClient


@dataclass
class Member:
    """One connection: its group, what it sent, and which events it received."""

    user_id: str
    group: int
    client: ChatClient | None = None
    received: set[str] = field(default_factory=set)
    expected: set[str] | None = None
    caught_up: asyncio.Event = field(default_factory=asyncio.Event)

    def check(self) -> None:
        if self.expected is not None and self.expected <= self.received:
            self.caught_up.set()


def seed(data_dir: Path, profile: LoadProfile) -> tuple[list[Member], list[tuple[str, str]]]:
    """Create the users, groups (members split evenly) and threads; return members and
    (groupId, threadId) per group."""
    run = uuid.uuid4().hex[:6]
    members = [Member(f"load-{run}-{n}", n % profile.groups) for n in range(profile.connections)]
    data_dir.mkdir(parents=True, exist_ok=True)
    quiet = FakePusher()  # nobody is connected yet: nothing is pushed
    groups: list[tuple[str, str]] = []
    with SqliteStore(data_dir / DATABASE_FILE) as store:
        for member in members:
            ensure_user(store, system_clock, user_id=member.user_id, user_name=None)
        for index in range(profile.groups):
            people = [m.user_id for m in members if m.group == index]
            group = create_group(store, system_clock, owner_id=people[0], group_name=f"g{index}")
            for user_id in people[1:]:
                add_member(
                    store,
                    quiet,
                    system_clock,
                    actor_id=people[0],
                    group_id=group.group_id,
                    user_id=user_id,
                )
            thread = create_thread(
                store,
                quiet,
                system_clock,
                actor_id=people[0],
                group_id=group.group_id,
                thread_name="load",
            )
            groups.append((group.group_id, thread.thread_id))
    return members, groups
