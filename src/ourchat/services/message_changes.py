"""Use cases of messages people fix: edit, delete, react, take a reaction back."""

from __future__ import annotations

from ourchat.domain.errors import Forbidden, NotFound
from ourchat.domain.events import GroupEvent
from ourchat.domain.limits import check_content, check_emoticon, check_entity_id
from ourchat.domain.models import Membership, Message
from ourchat.domain.timestamps import format_timestamp
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.services.access import MANAGERS, require_thread_access
from ourchat.services.fanout import publish_event


def edit_message(
    store: Store,
    pusher: Pusher,
    clock: Clock,
    *,
    actor_id: str,
    thread_id: str,
    message_id: str,
    content: str,
) -> Message:
    """Replace a message's content: its sender only; the group hears message.updated.

    Raises:
        BadRequest: A field breaks a validation rule.
        TooLarge: The content is over its size limit.
        Forbidden: The caller is not the sender, or not a member of the thread's group.
        NotFound: No such message in this thread.
        Conflict: The message is deleted.
    """
    check_content(content)
    message, _ = _message_in_thread(store, actor_id, thread_id, message_id)
    if message.sender_user_id != actor_id:
        raise Forbidden("only the sender may edit a message")
    event = store.edit_message(message_id, content, format_timestamp(clock()))
    publish_event(store, pusher, clock, event)
    return _edited(event)


def delete_message(
    store: Store,
    pusher: Pusher,
    clock: Clock,
    *,
    actor_id: str,
    thread_id: str,
    message_id: str,
) -> Message:
    """Make a message a tombstone: its sender, or the group's owner or an admin. Deleting
    again changes nothing and returns the tombstone.

    Raises:
        BadRequest: An id is malformed.
        Forbidden: The caller may not delete it, or is not a member of the thread's group.
        NotFound: No such message in this thread.
    """
    message, membership = _message_in_thread(store, actor_id, thread_id, message_id)
    if message.sender_user_id != actor_id and membership.role not in MANAGERS:
        raise Forbidden("only the sender, the owner or an admin may delete a message")
    event = store.delete_message(message_id, format_timestamp(clock()))
    if event is not None:
        publish_event(store, pusher, clock, event)
    return _reread(store, message_id)


def react(
    store: Store,
    pusher: Pusher,
    clock: Clock,
    *,
    actor_id: str,
    thread_id: str,
    message_id: str,
    emoji: str,
    adding: bool,
) -> Message:
    """Add or take back the caller's reaction with an emoji; doing it twice changes nothing.

    Raises:
        BadRequest: An id is malformed, or `emoji` is not one emoji.
        Forbidden: The caller is not a member of the thread's group.
        NotFound: No such message in this thread.
        Conflict: Adding to a deleted message, or a 21st emoji.
    """
    check_emoticon(emoji, "emoji")
    _message_in_thread(store, actor_id, thread_id, message_id)
    if adding:
        event = store.add_reaction(message_id, actor_id, emoji)
    else:
        event = store.remove_reaction(message_id, actor_id, emoji)
    if event is not None:
        publish_event(store, pusher, clock, event)
    return _reread(store, message_id)


def _message_in_thread(
    store: Store, actor_id: str, thread_id: str, message_id: str
) -> tuple[Message, Membership]:
    """The message and the caller's membership, checking that the message is in the thread.

    Raises:
        BadRequest: An id is malformed.
        Forbidden: The caller is not a member of the thread's group.
        NotFound: No such message in this thread.
    """
    _, membership = require_thread_access(store, thread_id, actor_id)
    check_entity_id("messageId", message_id)
    message = store.get_message(message_id)
    if message is None or message.thread_id != thread_id:
        raise NotFound("there is no such message in this thread")
    return message, membership


def _edited(event: GroupEvent) -> Message:
    if not isinstance(event.payload, Message):
        raise TypeError("message.updated carries a Message")
    return event.payload


def _reread(store: Store, message_id: str) -> Message:
    message = store.get_message(message_id)
    if message is None:
        raise NotFound("the message is gone")
    return message
