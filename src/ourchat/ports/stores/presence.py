"""The store port's presence and typing: who is online, who watches, who just typed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ourchat.domain.models import Connection


class PresenceStore(Protocol):
    """A user is online while they hold an unexpired connection. The first connection and
    the last one are told apart in one atomic write each, so that of two racing connects
    exactly one sees the user come online."""

    def come_online(self, connection: Connection, now_epoch_seconds: int) -> bool:
        """Count the connection as live for its user.

        Returns:
            Whether the user had no live connection before it.
        """
        ...

    def go_offline(self, user_id: str, connection_id: str, now_epoch_seconds: int) -> bool:
        """Stop counting the connection as live.

        Returns:
            Whether this took the user's last live connection (False if it was not counted).
        """
        ...

    def online_users(self, user_ids: Sequence[str], now_epoch_seconds: int) -> set[str]:
        """Return which of the users hold a live connection."""
        ...

    def watch_presence(self, user_id: str, connection_id: str, group_id: str | None) -> None:
        """Make the connection watch one group's presence (None: none), replacing any other.

        Raises:
            NotFound: The connection is not one of the user's, or not subscribed to the
                group (the caller checked the membership).
        """
        ...

    def presence_watchers(self, group_id: str, now_epoch_seconds: int) -> list[Connection]:
        """Return the live connections of members that watch the group, by connectionId."""
        ...

    def note_typing(
        self,
        group_id: str,
        user_id: str,
        thread_id: str,
        now_ms: int,
        repeat_ms: int,
        switch_ms: int,
    ) -> bool:
        """Note that a member is typing in a thread.

        Returns:
            Whether to pass it on: not if they were noted typing in that thread less than
            `repeat_ms` ago, or in any thread less than `switch_ms` ago, nor if they are not
            a member.
        """
        ...
