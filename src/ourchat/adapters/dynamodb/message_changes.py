"""Changes of stored messages on DynamoDB: edits, tombstones and reactions.

Each is one transaction behind the group's seq (`history.commit_group_change`): every write
of a message passes it, so the message read just before is current and its new reactions
are computed from it exactly. A reaction is also an item of its own (Reaction table), so
adding twice or taking back one never added is seen by the item's condition.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ourchat.adapters.dynamodb.codec import Item, encode_value, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import translating_errors
from ourchat.adapters.dynamodb.history import Change, ChangeRefused, commit_group_change
from ourchat.adapters.dynamodb.messages import get_message, message_item
from ourchat.adapters.dynamodb.reads import query_items
from ourchat.adapters.dynamodb.tables import MESSAGE, MESSAGES_BY_REPLY_TO, REACTION
from ourchat.adapters.dynamodb.writes import TRANSACTION_MAX_ITEMS, transact_in_chunks
from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.events import (
    MESSAGE_DELETED,
    MESSAGE_UPDATED,
    REACTION_ADDED,
    REACTION_REMOVED,
    GroupEvent,
    MessageDeleted,
    ReactionChanged,
)
from ourchat.domain.models import Message
from ourchat.domain.reactions import (
    reply_to_deleted,
    tombstone,
    with_reaction_added,
    with_reaction_removed,
)

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

# Actions of a deletion besides the group's seq, the message and the GroupEvent.
_DELETE_OVERHEAD = 3


def reaction_key(emoji: str, user_id: str) -> str:
    """The sort key of a reaction item: "<emoji>#<userId>" (user ids have no "#")."""
    return f"{emoji}#{user_id}"


def _put_message(db: DynamoDbTables, message: Message) -> TransactWriteItemTypeDef:
    # The whole item is written again: the seq gate makes the one read before current.
    return {
        "Put": {
            "TableName": db.name(MESSAGE),
            "Item": message_item(message),
            "ConditionExpression": "attribute_exists(messageId)",
        }
    }


def _first(_seq: int, events: list[GroupEvent]) -> GroupEvent:
    return events[0]


class DynamoDbMessageChanges:
    """Message changes; a part of `DynamoDbStore`."""

    _db: DynamoDbTables

    @translating_errors
    def get_message(self, message_id: str) -> Message | None:
        """Return the message, or None (strongly consistent GetItem)."""
        return get_message(self._db, message_id)

    @translating_errors
    def edit_message(self, message_id: str, content: str, edited_at: str) -> GroupEvent:
        """Replace the content with message.updated, in one transaction.

        Raises:
            NotFound: There is no such message.
            Conflict: The message is deleted.
        """
        db = self._db
        group_id = self._message(message_id).group_id

        def plan(_group: Item) -> Change[GroupEvent]:
            message = self._message(message_id)
            if message.deleted_at is not None:
                raise Conflict("a deleted message cannot be edited")
            edited = replace(message, content=content, edited_at=edited_at)
            event = GroupEvent(MESSAGE_UPDATED, group_id, edited)
            return Change([_put_message(db, edited)], [event], result=_first)

        return commit_group_change(db, group_id, plan)

    @translating_errors
    def delete_message(self, message_id: str, deleted_at: str) -> GroupEvent | None:
        """Tombstone the message, delete its reaction items, mark the replies to it, with
        message.deleted, in one transaction (more than ~95 items spill into later ones).

        Raises:
            NotFound: There is no such message.
        """
        db = self._db
        first = self._message(message_id)
        if first.deleted_at is not None:
            return None
        reactions = self._reaction_keys(message_id)
        writes: list[TransactWriteItemTypeDef] = [
            {"Delete": {"TableName": db.name(REACTION), "Key": k}} for k in reactions
        ]
        for reply_id in self._reply_ids(message_id):
            reply = get_message(db, reply_id)
            if reply is not None and reply.reply_to is not None:
                marked = replace(reply, reply_to=reply_to_deleted(reply.reply_to))
                writes.append(_put_message(db, marked))
        room = TRANSACTION_MAX_ITEMS - _DELETE_OVERHEAD
        now, later = writes[:room], writes[room:]

        def plan(_group: Item) -> Change[GroupEvent | None]:
            message = self._message(message_id)
            if message.deleted_at is not None:
                raise _AlreadyDeleted
            deleted = MessageDeleted(message.group_id, message.thread_id, message_id, deleted_at)
            event = GroupEvent(MESSAGE_DELETED, message.group_id, deleted)
            actions = [_put_message(db, tombstone(message, deleted_at)), *now]
            return Change(actions, [event], result=_first)

        try:
            event = commit_group_change(db, first.group_id, plan)
        except _AlreadyDeleted:
            return None
        # What did not fit is written after: a reaction item or a reply's quote only.
        transact_in_chunks(db.client, later)
        return event

    @translating_errors
    def add_reaction(self, message_id: str, user_id: str, emoji: str) -> GroupEvent | None:
        """Put the reaction item and count it on the message, with reaction.added.

        Raises:
            NotFound: There is no such message.
            Conflict: The message is deleted, or the emoji would be its 21st.
        """
        db = self._db
        group_id = self._message(message_id).group_id

        def plan(_group: Item) -> Change[GroupEvent]:
            message = self._message(message_id)
            counted = with_reaction_added(message, emoji, user_id)
            put: TransactWriteItemTypeDef = {
                "Put": {
                    "TableName": db.name(REACTION),
                    "Item": {
                        "messageId": encode_value(message_id),
                        "reactionKey": encode_value(reaction_key(emoji, user_id)),
                        "userId": encode_value(user_id),
                        "emoji": encode_value(emoji),
                    },
                    "ConditionExpression": "attribute_not_exists(reactionKey)",
                }
            }
            changed = ReactionChanged(group_id, message.thread_id, message_id, user_id, emoji)
            event = GroupEvent(REACTION_ADDED, group_id, changed)
            return Change([put, _put_message(db, counted)], [event], result=_first)

        try:
            return commit_group_change(db, group_id, plan)
        except ChangeRefused as refused:
            if refused.index == 0:
                return None  # reacted with it already
            raise NotFound(f"there is no message {message_id}") from None

    @translating_errors
    def remove_reaction(self, message_id: str, user_id: str, emoji: str) -> GroupEvent | None:
        """Delete the reaction item and uncount it, with reaction.removed; None if none.

        Raises:
            NotFound: There is no such message.
        """
        db = self._db
        group_id = self._message(message_id).group_id

        def plan(_group: Item) -> Change[GroupEvent]:
            message = self._message(message_id)
            others = [u for u in self.reactors(message_id, emoji) if u != user_id]
            uncounted = with_reaction_removed(message, emoji, user_id, others)
            delete: TransactWriteItemTypeDef = {
                "Delete": {
                    "TableName": db.name(REACTION),
                    "Key": key(messageId=message_id, reactionKey=reaction_key(emoji, user_id)),
                    "ConditionExpression": "attribute_exists(reactionKey)",
                }
            }
            changed = ReactionChanged(group_id, message.thread_id, message_id, user_id, emoji)
            event = GroupEvent(REACTION_REMOVED, group_id, changed)
            return Change([delete, _put_message(db, uncounted)], [event], result=_first)

        try:
            return commit_group_change(db, group_id, plan)
        except ChangeRefused as refused:
            if refused.index == 0:
                return None  # no such reaction
            raise NotFound(f"there is no message {message_id}") from None

    @translating_errors
    def reactors(self, message_id: str, emoji: str) -> list[str]:
        """Return who reacted with the emoji, by user id (one Query on the message's
        reactions, strongly consistent)."""
        db = self._db
        items = query_items(
            db.client,
            {
                "TableName": db.name(REACTION),
                "KeyConditionExpression": "messageId = :m AND begins_with(reactionKey, :e)",
                "ExpressionAttributeValues": {
                    ":m": encode_value(message_id),
                    ":e": encode_value(f"{emoji}#"),
                },
                "ConsistentRead": True,
            },
        )
        return sorted(str(item["userId"]["S"]) for item in items)

    def _message(self, message_id: str) -> Message:
        message = get_message(self._db, message_id)
        if message is None:
            raise NotFound(f"there is no message {message_id}")
        return message

    def _reaction_keys(self, message_id: str) -> list[Item]:
        db = self._db
        items = query_items(
            db.client,
            {
                "TableName": db.name(REACTION),
                "KeyConditionExpression": "messageId = :m",
                "ExpressionAttributeValues": {":m": encode_value(message_id)},
                "ProjectionExpression": "messageId, reactionKey",
                "ConsistentRead": True,
            },
        )
        return [dict(item) for item in items]

    def _reply_ids(self, message_id: str) -> list[str]:
        db = self._db
        items = query_items(
            db.client,
            {
                "TableName": db.name(MESSAGE),
                "IndexName": MESSAGES_BY_REPLY_TO,
                "KeyConditionExpression": "replyToMessageId = :m",
                "ExpressionAttributeValues": {":m": encode_value(message_id)},
            },
        )
        return [str(item["messageId"]["S"]) for item in items]


class _AlreadyDeleted(Exception):
    """A concurrent deletion got there first."""
