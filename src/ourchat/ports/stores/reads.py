"""The store port's read state: how far each user read each thread, and what is unread."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ourchat.domain.models import ReadPointer, Thread


class ReadStore(Protocol):
    """Read pointers, one per (user, thread), and unread counts computed from them.

    A message is unread by a user when it is another member's, not deleted, and after the
    user's pointer in its thread (after `floor` when the thread has no pointer: the user's
    joining). Counting stops at a cap, so its cost is bounded by what it counts.
    """

    def mark_read(self, pointer: ReadPointer) -> ReadPointer:
        """Move the user's pointer of the thread to the message, if that is further on.

        Returns:
            The pointer as stored now: this one, or the one further on that stays.
        """
        ...

    def read_pointers(self, user_id: str, thread_ids: Sequence[str]) -> list[ReadPointer]:
        """Return the user's pointers of those threads that exist, in no particular order."""
        ...

    def unread_in_threads(
        self,
        user_id: str,
        threads: Sequence[Thread],
        floor: str,
        cap: int,
        pointers: Sequence[ReadPointer] | None = None,
    ) -> dict[str, int]:
        """Count each thread's unread messages, up to `cap` each, by thread id.

        Args:
            floor: The sort key unread messages of a thread without a pointer come after.
            pointers: The user's pointers of these threads, when the caller has read them
                already (`read_pointers`); None reads them.
        """
        ...

    def unread_in_group(
        self, user_id: str, group_id: str, floor: str, cap: int, threads: int
    ) -> int:
        """Count a group's unread messages up to `cap`, over its `threads` most recently
        active threads."""
        ...
