"""Given-steps for service tests: a world of fakes, and helpers that put things in it.

Setup goes through the services themselves, with a throwaway pusher, so `world.pusher`
records only what the step under test sends.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

from ourchat.domain.errors import ChatError
from ourchat.domain.models import Group, Message, Thread
from ourchat.services.connections import register_connection
from ourchat.services.groups import create_group
from ourchat.services.invitations import accept_invitation, invite
from ourchat.services.members import set_member_role
from ourchat.services.messages import send_message
from ourchat.services.threads import create_thread
from ourchat.services.users import ensure_user
from tests.support.fakes import FakePusher, FakeStore, SteppingClock


def new_user_id() -> str:
    """Return a random user id, as an identity provider's subject would be."""
    return f"user-{uuid.uuid4().hex[:12]}"


def new_connection_id() -> str:
    """Return a random API Gateway-like connection id."""
    return f"conn-{uuid.uuid4().hex[:12]}"


@dataclass
class World:
    """The fakes a service runs against."""

    store: FakeStore = field(default_factory=FakeStore)
    pusher: FakePusher = field(default_factory=FakePusher)
    clock: SteppingClock = field(default_factory=SteppingClock)

    def user(self, name: str = "Ann") -> str:
        """Given a user who connected once; returns the user id."""
        user_id = new_user_id()
        ensure_user(self.store, self.clock, user_id=user_id, user_name=name)
        return user_id

    def group(self, owner_id: str, *member_ids: str, name: str = "Team") -> Group:
        """Given a group of an owner and members."""
        group = create_group(self.store, self.clock, owner_id=owner_id, group_name=name)
        for member_id in member_ids:
            self.join(group, owner_id, member_id)
        return self.store.groups[group.group_id]

    def join(self, group: Group, inviter_id: str, user_id: str) -> None:
        """Given a user who was invited to a group and accepted."""
        invite(
            self.store,
            FakePusher(),
            self.clock,
            actor_id=inviter_id,
            group_id=group.group_id,
            user_id=user_id,
        )
        accept_invitation(
            self.store, FakePusher(), self.clock, user_id=user_id, group_id=group.group_id
        )

    def promote(self, group: Group, owner_id: str, user_id: str, role: str = "admin") -> None:
        """Given a member whose role the owner changed."""
        set_member_role(
            self.store,
            FakePusher(),
            self.clock,
            actor_id=owner_id,
            group_id=group.group_id,
            user_id=user_id,
            role=role,
        )

    def thread(self, group: Group, actor_id: str, name: str = "General") -> Thread:
        """Given a thread of a group."""
        return create_thread(
            self.store,
            FakePusher(),
            self.clock,
            actor_id=actor_id,
            group_id=group.group_id,
            thread_name=name,
        )

    def message(self, thread: Thread, sender_id: str, content: str = "hello") -> Message:
        """Given a message sent to a thread."""
        return send_message(
            self.store,
            FakePusher(),
            self.clock,
            sender_id=sender_id,
            group_id=thread.group_id,
            thread_id=thread.thread_id,
            content=content,
        )

    def connect(self, user_id: str) -> str:
        """Given a live connection of a user; returns the connection id."""
        connection_id = new_connection_id()
        register_connection(self.store, self.clock, user_id=user_id, connection_id=connection_id)
        return connection_id

    @contextmanager
    def rejected(
        self, error: type[ChatError], *, naming: str | None = None, message: str | None = None
    ) -> Iterator[None]:
        """Then the step fails with `error`, stores nothing and pushes nothing.

        Args:
            error: The exact error class expected.
            naming: A field the error message must name.
            message: The exact error message expected.
        """
        before = self.store.snapshot()
        sends_before = len(self.pusher.sent)
        with pytest.raises(error) as caught:
            yield
        assert type(caught.value) is error
        assert caught.value.code is error.code
        if naming is not None:
            assert naming in caught.value.message
        if message is not None:
            assert caught.value.message == message
        assert self.store.snapshot() == before
        assert self.pusher.sent[sends_before:] == []
