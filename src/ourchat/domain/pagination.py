"""Opaque pagination cursors and the sort keys they wrap.

Listings are ordered by a sort key "<timestamp>#<ulid>": the timestamp orders, the id breaks
ties, so two stores return identical orders. A cursor is that key in unpadded base64url.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from ourchat.domain.errors import BadRequest
from ourchat.domain.ids import is_ulid
from ourchat.domain.limits import USER_ID_PATTERN
from ourchat.domain.models import Group, Message, Page, Thread
from ourchat.domain.timestamps import parse_timestamp

MAX_CURSOR_LENGTH = 256

T = TypeVar("T")


def sort_key(timestamp: str, entity_id: str) -> str:
    """Return the sort key of an entity in a time-ordered listing."""
    return f"{timestamp}#{entity_id}"


def message_sort_key(message: Message) -> str:
    """A message's place in its thread: by createdAt, ties broken by messageId."""
    return sort_key(message.created_at, message.message_id)


def thread_sort_key(thread: Thread) -> str:
    """A thread's place in its group: by lastMessageAt, ties broken by threadId."""
    return sort_key(thread.last_message_at, thread.thread_id)


def group_sort_key(group: Group) -> str:
    """A group's place in a user's list: by lastMessageAt, ties broken by groupId."""
    return sort_key(group.last_message_at, group.group_id)


def encode_cursor(key: str) -> str:
    """Wrap a sort key into an opaque cursor."""
    return base64.urlsafe_b64encode(key.encode("ascii")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> str:
    """Unwrap a cursor into the "<timestamp>#<ulid>" sort key it stands for.

    Raises:
        BadRequest: The cursor was not made by `encode_cursor` from such a key.
    """
    return _decode(cursor, _is_sort_key)


def sync_cursor(group_id: str, seq: int) -> str:
    """The cursor of a sync reply cut short: continue after `seq` of `group_id`."""
    return encode_cursor(f"{group_id}#{seq}")


def decode_sync_cursor(cursor: str) -> tuple[str, int]:
    """Unwrap a sync cursor into the group and the seq to continue after.

    Raises:
        BadRequest: The cursor was not made by `sync_cursor`.
    """
    key = _decode(cursor, _is_sync_key)
    group_id, _, seq = key.partition("#")
    return group_id, int(seq)


def _is_sync_key(key: str) -> bool:
    group_id, _, seq = key.partition("#")
    return is_ulid(group_id) and seq.isascii() and seq.isdigit() and len(seq) <= 18


def decode_user_cursor(cursor: str) -> str:
    """Unwrap a cursor of a listing by user id into that id.

    Raises:
        BadRequest: The cursor was not made by `encode_cursor` from a user id.
    """
    return _decode(cursor, lambda key: _USER_ID.fullmatch(key) is not None)


_USER_ID = re.compile(USER_ID_PATTERN)


def _is_sort_key(key: str) -> bool:
    timestamp, _, entity_id = key.partition("#")
    try:
        parse_timestamp(timestamp)
    except ValueError:
        return False
    return is_ulid(entity_id)


def _decode(cursor: str, valid: Callable[[str], bool]) -> str:
    invalid = BadRequest("cursor is not valid; pass back the nextCursor of a previous page")
    if not cursor or len(cursor) > MAX_CURSOR_LENGTH:
        raise invalid
    try:
        key = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid from None
    if not valid(key) or encode_cursor(key) != cursor:
        raise invalid
    return key


def within_budget(
    page: Page[T], budget: int, size_of: Callable[[T], int], key_of: Callable[[T], str]
) -> Page[T]:
    """Cut a page to its longest prefix whose sizes add up to at most `budget` bytes.

    A reply must fit in one API Gateway frame whatever the items weigh, so a page of large
    items ends early; its cursor then points after the last item kept. The first item is
    always kept, so paging makes progress.
    """
    total = 0
    for index, item in enumerate(page.items):
        total += size_of(item)
        if total > budget and index > 0:
            kept = page.items[:index]
            return Page(kept, encode_cursor(key_of(kept[-1])))
    return page


def page_of(rows: Sequence[T], limit: int, key_of: Callable[[T], str]) -> Page[T]:
    """Build a page from up to `limit + 1` rows read in order.

    Stores read one row more than the page holds: if it is there, a next page exists and the
    cursor points after the page's last row. Both stores so return the same cursors.
    """
    items = tuple(rows[:limit])
    more = len(rows) > limit
    return Page(items, encode_cursor(key_of(items[-1])) if more and items else None)
