"""Use cases for messages."""

from __future__ import annotations

import json

from ourchat.domain.errors import NotFound
from ourchat.domain.events import MESSAGE_CREATED
from ourchat.domain.ids import new_ulid
from ourchat.domain.limits import (
    DEFAULT_MESSAGES_LIMIT,
    MAX_PAGE_BYTES,
    check_client_message_id,
    check_content,
    check_entity_id,
    check_limit,
    excerpt_of,
)
from ourchat.domain.models import Message, Page, ReplyTo
from ourchat.domain.pagination import decode_cursor, message_sort_key, within_budget
from ourchat.domain.records import to_record
from ourchat.domain.timestamps import epoch_ms, format_timestamp
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.services.access import require_member, require_thread_access
from ourchat.services.fanout import publish


def send_message(
    store: Store,
    pusher: Pusher,
    clock: Clock,
    *,
    sender_id: str,
    group_id: str,
    thread_id: str,
    content: str,
    client_message_id: str | None = None,
    reply_to_message_id: str | None = None,
) -> Message:
    """Store a message and push it to every live connection of the group's members.

    A reply quotes the first 140 characters of the message it answers, which must be in
    the same thread.

    A retry with the same clientMessageId returns the original message and stores nothing
    new; the event is pushed again (delivery is at least once; clients dedupe by messageId)
    because the first attempt may have stopped before pushing.

    Raises:
        BadRequest: A field breaks a validation rule.
        TooLarge: The content is over its size limit.
        Forbidden: The sender is not a member of the group.
        NotFound: The thread does not exist in this group, or the message replied to is not
            in this thread.
    """
    check_content(content)
    check_entity_id("threadId", thread_id)
    if client_message_id is not None:
        check_client_message_id(client_message_id)
    require_member(store, group_id, sender_id)
    reply_to = _quote(store, thread_id, reply_to_message_id) if reply_to_message_id else None
    now = clock()
    message = Message(
        new_ulid(epoch_ms(now)),
        group_id,
        thread_id,
        content,
        sender_id,
        format_timestamp(now),
        client_message_id,
        reply_to=reply_to,
    )
    stored = store.append_message(message)
    # A retry may name another group than its original; only the original's group may see it.
    publish(store, pusher, clock, stored.group_id, MESSAGE_CREATED, stored, seq=stored.seq)
    return stored


def get_last_messages(
    store: Store,
    *,
    actor_id: str,
    thread_id: str,
    before: str | None = None,
    limit: int | None = None,
) -> Page[Message]:
    """Return a thread's most recent messages, newest first, with a cursor to page back.

    Raises:
        BadRequest: The cursor or limit is invalid.
        Forbidden: The thread does not exist, or the caller is not a member of its group.
    """
    page_size = check_limit(limit, DEFAULT_MESSAGES_LIMIT)
    before_key = decode_cursor(before) if before is not None else None
    thread, _ = require_thread_access(store, thread_id, actor_id)
    page = store.list_messages(thread.group_id, thread_id, before_key=before_key, limit=page_size)
    return within_budget(page, MAX_PAGE_BYTES, _encoded_size, message_sort_key)


def _quote(store: Store, thread_id: str, message_id: str) -> ReplyTo:
    """What a reply to `message_id` quotes of it.

    Raises:
        BadRequest: The id is malformed.
        NotFound: No such message in this thread.
    """
    check_entity_id("replyToMessageId", message_id)
    original = store.get_message(message_id)
    if original is None or original.thread_id != thread_id:
        raise NotFound("the message replied to is not in this thread")
    if original.deleted_at is not None:
        return ReplyTo(message_id, original.sender_user_id, None, True)
    return ReplyTo(message_id, original.sender_user_id, excerpt_of(original.content))


def _encoded_size(message: Message) -> int:
    return len(json.dumps(to_record(message), ensure_ascii=False).encode("utf-8"))
