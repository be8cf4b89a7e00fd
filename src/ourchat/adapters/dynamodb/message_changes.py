"""Changes of stored messages on DynamoDB: edits, tombstones and reactions.

Each is one transaction behind the group's seq (`history.commit_group_change`): every change
of a message passes it, so the message read just after the group is current and its new
reactions are computed from it exactly. A reaction is also an item of its own (Reaction
table), so adding twice or taking back one never added is seen by the item's condition.

A message is written as an UpdateItem of the attributes that change, never as a whole item:
a deletion's marks on the replies to it (`replyTo` only) then never undo, or are undone by,
a change of another attribute of those replies.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from ourchat.adapters.dynamodb.codec import Item, encode_value, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import (
    CONDITIONAL_CHECK_FAILED,
    TRY_AGAIN,
    error_code,
    translating_errors,
)
from ourchat.adapters.dynamodb.history import Change, ChangeRefused, commit_group_change
from ourchat.adapters.dynamodb.messages import get_message, message_item
from ourchat.adapters.dynamodb.reads import query_items
from ourchat.adapters.dynamodb.tables import MESSAGE, MESSAGES_BY_REPLY_TO, REACTION
from ourchat.adapters.dynamodb.writes import TRANSACTION_MAX_ITEMS
from ourchat.domain.errors import Conflict, InternalError, NotFound
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
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef, UpdateTypeDef

# Actions of a deletion besides the group's seq, the message and the GroupEvent.
_DELETE_OVERHEAD = 3
# Each attempt may retry for history.RETRY_SECONDS: two stay inside API Gateway's 29 s.
_DELETE_ATTEMPTS = 2


def reaction_key(emoji: str, user_id: str) -> str:
    """The sort key of a reaction item: "<emoji>#<userId>" (user ids have no "#")."""
    return f"{emoji}#{user_id}"


def _update_message(
    db: DynamoDbTables, before: Message, after: Message, condition: str = "messageId"
) -> TransactWriteItemTypeDef:
    """An Update of the attributes that differ between two versions of a message's item.

    Args:
        condition: An attribute the item must have for the update to apply.
    """
    old, new = message_item(before), message_item(after)
    changed = [name for name, value in new.items() if old.get(name) != value]
    gone = [name for name in old if name not in new]
    if not changed and not gone:
        raise ValueError(f"message {after.message_id} is unchanged")
    names = {f"#{n}": name for n, name in enumerate([*changed, *gone, condition])}
    sets = ", ".join(f"#{n} = :{n}" for n in range(len(changed)))
    removes = ", ".join(f"#{n}" for n in range(len(changed), len(changed) + len(gone)))
    update: UpdateTypeDef = {
        "TableName": db.name(MESSAGE),
        "Key": key(messageId=after.message_id),
        "UpdateExpression": " ".join(
            ([f"SET {sets}"] if sets else []) + ([f"REMOVE {removes}"] if removes else [])
        ),
        "ConditionExpression": f"attribute_exists(#{len(names) - 1})",
        "ExpressionAttributeNames": names,
    }
    if changed:
        update["ExpressionAttributeValues"] = {f":{n}": new[c] for n, c in enumerate(changed)}
    return {"Update": update}


def _apply_alone(db: DynamoDbTables, write: TransactWriteItemTypeDef) -> None:
    """Apply one Delete or Update outside a transaction; a failed condition is no error."""
    try:
        if "Delete" in write:
            db.client.delete_item(**write["Delete"])
        elif "Update" in write:
            db.client.update_item(**write["Update"])
    except ClientError as error:
        if error_code(error) != CONDITIONAL_CHECK_FAILED:
            raise


class _NoSuchReaction(Exception):
    """The user has no reaction with that emoji on the message."""


class _ReplyGone(Exception):
    """A reply to the message being deleted was deleted itself since it was read."""


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
            return Change([_update_message(db, message, edited)], [event], result=_first)

        return commit_group_change(db, group_id, plan)

    @translating_errors
    def delete_message(self, message_id: str, deleted_at: str) -> GroupEvent | None:
        """Tombstone the message, delete its reaction items, mark the replies to it, with
        message.deleted, in one transaction (more than ~95 items spill into later ones).

        Raises:
            NotFound: There is no such message.
            InternalError: Replies to it kept being deleted meanwhile (try again).
        """
        for _attempt in range(_DELETE_ATTEMPTS):
            try:
                return self._delete_message(message_id, deleted_at)
            except _ReplyGone:
                continue  # a reply was deleted between its read and the transaction
        raise InternalError(TRY_AGAIN)

    def _delete_message(self, message_id: str, deleted_at: str) -> GroupEvent | None:
        db = self._db
        first = self._message(message_id)
        if first.deleted_at is not None:
            return None
        reactions = self._reaction_keys(message_id)
        writes: list[TransactWriteItemTypeDef] = [
            {"Delete": {"TableName": db.name(REACTION), "Key": k}} for k in reactions
        ]
        marks = len(writes)
        for reply_id in self._reply_ids(message_id):
            reply = get_message(db, reply_id)
            if reply is not None and reply.reply_to is not None and not reply.reply_to.deleted:
                marked = replace(reply, reply_to=reply_to_deleted(reply.reply_to))
                # Only while the reply still quotes: its own tombstone has no replyTo.
                writes.append(_update_message(db, reply, marked, condition="replyTo"))
        room = TRANSACTION_MAX_ITEMS - _DELETE_OVERHEAD
        now, later = writes[:room], writes[room:]

        def plan(_group: Item) -> Change[GroupEvent | None]:
            message = self._message(message_id)
            if message.deleted_at is not None:
                raise _AlreadyDeleted
            deleted = MessageDeleted(message.group_id, message.thread_id, message_id, deleted_at)
            event = GroupEvent(MESSAGE_DELETED, message.group_id, deleted)
            gone = _update_message(db, message, tombstone(message, deleted_at))
            return Change([gone, *now], [event], result=_first)

        try:
            event = commit_group_change(db, first.group_id, plan)
        except _AlreadyDeleted:
            return None
        except ChangeRefused as refused:
            if refused.index > marks:
                raise _ReplyGone from None
            raise NotFound(f"there is no message {message_id}") from None
        # What did not fit goes after, each on its own: a reaction item, a reply's quote.
        for write in later:
            _apply_alone(db, write)
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
            return Change([put, _update_message(db, message, counted)], [event], result=_first)

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
            reactors = self.reactors(message_id, emoji)
            if user_id not in reactors or message.deleted_at is not None:
                # A tombstone counts nothing: a reaction item its deletion missed is
                # left to be nothing.
                raise _NoSuchReaction
            others = [u for u in reactors if u != user_id]
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
            return Change([delete, _update_message(db, message, uncounted)], [event], result=_first)

        try:
            return commit_group_change(db, group_id, plan)
        except _NoSuchReaction:
            return None
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
