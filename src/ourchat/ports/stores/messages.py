"""The store port's message operations."""

from __future__ import annotations

from typing import Protocol

from ourchat.domain.events import GroupEvent
from ourchat.domain.models import Message, Page


class MessageStore(Protocol):
    """Messages of threads, their edits, deletions, reactions and replies.

    Every change of a message is a group event (message.updated, message.deleted,
    reaction.added, reaction.removed) numbered by the group's seq in the same write.
    """

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

    def get_message(self, message_id: str) -> Message | None:
        """Return the message, or None."""
        ...

    def edit_message(self, message_id: str, content: str, edited_at: str) -> GroupEvent:
        """Replace a message's content and set its editedAt; log message.updated.

        Raises:
            NotFound: There is no such message.
            Conflict: The message is deleted.
        """
        ...

    def delete_message(self, message_id: str, deleted_at: str) -> GroupEvent | None:
        """Make the message a tombstone (content emptied, reactions and reply dropped, the
        replies to it marked `deleted`); log message.deleted.

        Returns:
            The event, or None when the message was deleted already (nothing changes).

        Raises:
            NotFound: There is no such message.
        """
        ...

    def add_reaction(self, message_id: str, user_id: str, emoji: str) -> GroupEvent | None:
        """Record that the user reacted with the emoji, and count it; log reaction.added.

        Returns:
            The event, or None when the user had reacted with it already.

        Raises:
            NotFound: There is no such message.
            Conflict: The message is deleted, or has 20 distinct emoji and this is a new one.
        """
        ...

    def remove_reaction(self, message_id: str, user_id: str, emoji: str) -> GroupEvent | None:
        """Take a reaction back; log reaction.removed.

        Returns:
            The event, or None when the user had not reacted with it (nothing changes).

        Raises:
            NotFound: There is no such message.
        """
        ...

    def reactors(self, message_id: str, emoji: str) -> list[str]:
        """Return the ids of the users who reacted with the emoji, in id order."""
        ...
