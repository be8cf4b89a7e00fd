"""The store port: persistence of users, groups, threads, messages, events and connections.

Three implementations behave identically (same results, same orderings, same cursors),
held to it by one contract suite: DynamoDB (`ourchat.adapters.dynamodb`), SQLite
(`ourchat.adapters.sqlite`) and the tests' in-memory fake. Entities are validated by the
services before they reach a store; every write is atomic: all of it happens, or none.
"""

from __future__ import annotations

from typing import Protocol

from ourchat.ports.stores.connections import ConnectionStore
from ourchat.ports.stores.events import EventStore, LoggedEvent
from ourchat.ports.stores.groups import GroupStore
from ourchat.ports.stores.invitations import InvitationStore
from ourchat.ports.stores.messages import MessageStore
from ourchat.ports.stores.presence import PresenceStore
from ourchat.ports.stores.reads import ReadStore
from ourchat.ports.stores.threads import ThreadStore
from ourchat.ports.stores.users import UserStore

__all__ = ["LoggedEvent", "Store"]


class Store(
    UserStore,
    GroupStore,
    InvitationStore,
    ThreadStore,
    MessageStore,
    EventStore,
    ReadStore,
    PresenceStore,
    ConnectionStore,
    Protocol,
):
    """Persistence of the chat."""

    def close(self) -> None:
        """Release the store's connections; the store is unusable afterwards."""
        ...
