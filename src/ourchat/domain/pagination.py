"""Opaque pagination cursors and the sort keys they wrap.

Listings are ordered by a sort key "<timestamp>#<ulid>": the timestamp orders, the id breaks
ties, so two stores return identical orders. A cursor is that key in unpadded base64url.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import TypeVar

from ourchat.domain.errors import BadRequest
from ourchat.domain.ids import is_ulid
from ourchat.domain.models import Page
from ourchat.domain.timestamps import parse_timestamp

MAX_CURSOR_LENGTH = 128

T = TypeVar("T")


def sort_key(timestamp: str, entity_id: str) -> str:
    """Return the sort key of an entity in a time-ordered listing."""
    return f"{timestamp}#{entity_id}"


def encode_cursor(key: str) -> str:
    """Wrap a sort key into an opaque cursor."""
    return base64.urlsafe_b64encode(key.encode("ascii")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> str:
    """Unwrap a cursor into the sort key it stands for.

    Raises:
        BadRequest: The cursor was not made by `encode_cursor`.
    """
    invalid = BadRequest("cursor is not valid; pass back the nextCursor of a previous page")
    if not cursor or len(cursor) > MAX_CURSOR_LENGTH:
        raise invalid
    try:
        key = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid from None
    timestamp, _, entity_id = key.partition("#")
    try:
        parse_timestamp(timestamp)
    except ValueError:
        raise invalid from None
    if not is_ulid(entity_id) or encode_cursor(key) != cursor:
        raise invalid
    return key


def page_of(rows: Sequence[T], limit: int, key_of: Callable[[T], str]) -> Page[T]:
    """Build a page from up to `limit + 1` rows read in order.

    Stores read one row more than the page holds: if it is there, a next page exists and the
    cursor points after the page's last row. Both stores so return the same cursors.
    """
    items = tuple(rows[:limit])
    more = len(rows) > limit
    return Page(items, encode_cursor(key_of(items[-1])) if more and items else None)
