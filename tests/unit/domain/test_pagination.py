"""Sort keys, opaque cursors and pages built from limit + 1 rows."""

from __future__ import annotations

import base64
import string
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ourchat.domain.errors import BadRequest, ErrorCode
from ourchat.domain.ids import new_ulid
from ourchat.domain.pagination import (
    MAX_CURSOR_LENGTH,
    decode_cursor,
    encode_cursor,
    page_of,
    sort_key,
)
from ourchat.domain.timestamps import format_timestamp

TIMESTAMP = "2026-11-28T03:20:00.000Z"
ULID = "01JDQ5Z3K8R5N6W7X8Y9ZA0B1C"
URL_SAFE = set(string.ascii_letters + string.digits + "-_")


def _b64(text: str | bytes) -> str:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def test_sort_key_is_timestamp_then_id() -> None:
    assert sort_key(TIMESTAMP, ULID) == f"{TIMESTAMP}#{ULID}"


@settings(max_examples=200)
@given(
    st.datetimes(min_value=datetime(1970, 1, 1), timezones=st.just(UTC)),
    st.integers(0, (1 << 48) - 1),
)
def test_cursor_round_trip(moment: datetime, ms: int) -> None:
    key = sort_key(format_timestamp(moment), new_ulid(ms))
    cursor = encode_cursor(key)
    assert decode_cursor(cursor) == key
    assert set(cursor) <= URL_SAFE


def test_a_cursor_hides_the_key() -> None:
    key = sort_key(TIMESTAMP, ULID)
    assert key not in encode_cursor(key)
    assert "=" not in encode_cursor(key)


GOOD_KEY = sort_key(TIMESTAMP, ULID)


@pytest.mark.parametrize(
    "cursor",
    [
        pytest.param("", id="empty"),
        pytest.param("A" * (MAX_CURSOR_LENGTH + 1), id="too-long"),
        pytest.param(_b64(GOOD_KEY) + "=", id="padded"),
        pytest.param(_b64(GOOD_KEY)[:-1], id="truncated"),
        pytest.param(_b64(GOOD_KEY) + "A", id="extended"),
        pytest.param("!" + _b64(GOOD_KEY), id="non-alphabet-character"),
        pytest.param(_b64(GOOD_KEY)[:10] + " " + _b64(GOOD_KEY)[10:], id="space"),
        pytest.param(_b64(GOOD_KEY) + "\u00e9", id="non-ascii"),
        pytest.param(base64.b64encode(b"\xff\xfe" * 30).decode(), id="standard-alphabet"),
        pytest.param(_b64(b"\xff\xfe\xfd" * 17), id="not-ascii-inside"),
        pytest.param(_b64("no separator at all"), id="no-hash"),
        pytest.param(_b64(f"#{ULID}"), id="no-timestamp"),
        pytest.param(_b64(f"{TIMESTAMP}#"), id="no-id"),
        pytest.param(_b64(f"2026-11-28#{ULID}"), id="date-only"),
        pytest.param(_b64(f"2026-1-28T03:20:00.0000Z#{ULID}"), id="non-canonical-timestamp"),
        pytest.param(_b64(f"2026-02-30T03:20:00.000Z#{ULID}"), id="impossible-date"),
        pytest.param(_b64(f"{TIMESTAMP}#{ULID.lower()}"), id="lower-case-id"),
        pytest.param(_b64(f"{TIMESTAMP}#{ULID}#extra"), id="extra-part"),
        pytest.param(_b64(f"{TIMESTAMP}#8{ULID[1:]}"), id="id-overflow"),
        pytest.param(GOOD_KEY, id="raw-key"),
    ],
)
def test_every_malformed_cursor_is_a_bad_request(cursor: str) -> None:
    with pytest.raises(BadRequest, match="cursor") as caught:
        decode_cursor(cursor)
    assert caught.value.code is ErrorCode.BAD_REQUEST


def test_page_of_more_rows_than_the_limit_has_a_cursor_after_its_last_item() -> None:
    rows = ["c", "b", "a"]
    page = page_of(rows, 2, lambda row: sort_key(TIMESTAMP, row.upper() * 26))
    assert page.items == ("c", "b")
    assert page.next_cursor == encode_cursor(sort_key(TIMESTAMP, "B" * 26))


@pytest.mark.parametrize("count", [0, 1, 2])
def test_page_of_at_most_limit_rows_is_the_last_page(count: int) -> None:
    page = page_of(["x"] * count, 2, lambda row: row)
    assert page.items == ("x",) * count
    assert page.next_cursor is None
