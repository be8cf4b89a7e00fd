"""The store port's message operations."""

from __future__ import annotations

from typing import Protocol

from ourchat.domain.models import Message, Page


class MessageStore(Protocol):
    """Messages of threads."""

    def append_message(self, message: Message) -> Message:
        """Store a message, raise its thread's and group's lastMessageAt to its createdAt,
        and give it the group's next seq (its message.created event).

        When the message has a clientMessageId already used by the same sender, nothing is
        stored and the original message is returned.

        Returns:
            The stored message, with its seq: this one, or the original of a retried send.

        Raises:
            NotFound: The thread does not exist or is not in the message's group.
            Conflict: A different message with this id exists.
        """
        ...

    def list_messages(
        self, group_id: str, thread_id: str, *, before_key: str | None, limit: int
    ) -> Page[Message]:
        """Return messages of a thread by (createdAt, messageId), newest first.

        Args:
            group_id: The thread's group.
            thread_id: The thread.
            before_key: Only messages whose sort key is below this key (from a cursor).
            limit: The page size.
        """
        ...
