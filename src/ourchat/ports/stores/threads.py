"""The store port's thread operations."""

from __future__ import annotations

from typing import Protocol

from ourchat.domain.events import GroupEvent
from ourchat.domain.models import Page, Thread


class ThreadStore(Protocol):
    """Threads of groups."""

    def create_thread(self, thread: Thread) -> GroupEvent:
        """Store a new thread of an existing group; log thread.created.

        Raises:
            NotFound: The group does not exist.
            Conflict: A thread with this id exists.
        """
        ...

    def get_thread(self, thread_id: str) -> Thread | None:
        """Return the thread, or None."""
        ...

    def update_thread(
        self, thread_id: str, thread_name: str | None, color: str | None
    ) -> GroupEvent:
        """Change a thread's name and color; log thread.updated.

        The fields are applied to the thread as it is when the change commits.

        Args:
            thread_name: The new name, or None to keep it.
            color: The new color, "" to remove it, or None to keep it.

        Raises:
            NotFound: There is no such thread.
        """
        ...

    def list_threads_by_group(
        self, group_id: str, *, before_key: str | None, limit: int
    ) -> Page[Thread]:
        """Return threads of a group by (lastMessageAt, threadId), most recent first.

        Args:
            group_id: The group.
            before_key: Only threads whose sort key is below this key (from a cursor).
            limit: The page size.
        """
        ...
