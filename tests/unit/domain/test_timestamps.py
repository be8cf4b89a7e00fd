"""Timestamps: UTC, millisecond precision, fixed width, sortable as text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ourchat.domain.timestamps import epoch_ms, format_timestamp, parse_timestamp

moments = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.just(UTC)
)


def test_format_is_utc_iso_8601_with_milliseconds_and_z() -> None:
    moment = datetime(2026, 11, 28, 3, 20, 0, 123_456, tzinfo=UTC)
    assert format_timestamp(moment) == "2026-11-28T03:20:00.123Z"


def test_format_truncates_to_the_millisecond() -> None:
    moment = datetime(2026, 11, 28, 3, 20, 0, 999_999, tzinfo=UTC)
    assert format_timestamp(moment) == "2026-11-28T03:20:00.999Z"


def test_format_converts_other_zones_to_utc() -> None:
    paris = timezone(timedelta(hours=1))
    assert format_timestamp(datetime(2026, 1, 1, 0, 30, tzinfo=paris)) == (
        "2025-12-31T23:30:00.000Z"
    )


def test_parse_reads_what_format_wrote() -> None:
    moment = datetime(2026, 11, 28, 3, 20, 0, 7_000, tzinfo=UTC)
    assert parse_timestamp("2026-11-28T03:20:00.007Z") == moment


@settings(max_examples=200)
@given(moments)
def test_round_trip_keeps_the_millisecond(moment: datetime) -> None:
    text = format_timestamp(moment)
    assert len(text) == 24
    assert parse_timestamp(text) == moment.replace(microsecond=moment.microsecond // 1000 * 1000)


@settings(max_examples=200)
@given(moments, moments)
def test_text_order_is_time_order(first: datetime, second: datetime) -> None:
    a, b = format_timestamp(first), format_timestamp(second)
    assert (a < b) == (parse_timestamp(a) < parse_timestamp(b))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-11-28T03:20:00.000",  # no Z
        "2026-11-28T03:20:00.000+00:00",
        "2026-11-28T03:20:00Z",  # no milliseconds
        "2026-11-28T03:20:00.000000Z",  # microseconds
        "2026-11-28 03:20:00.000Z",
        "2026-1-28T03:20:00.0000Z",  # 24 characters, but a one-digit month
        "2026-11-8T03:20:00.0000Z",
        "2026-11-28T3:20:00.0000Z",
        "2026-11-28T03:20:0.0000Z",
        "2026-13-28T03:20:00.000Z",
        "2026-02-30T03:20:00.000Z",
        "not a timestamp at all!Z",
    ],
)
def test_parse_rejects_anything_but_the_canonical_format(text: str) -> None:
    with pytest.raises(ValueError, match=r"timestamp|does not match|out of range|unconverted"):
        parse_timestamp(text)


def test_epoch_ms_counts_unix_milliseconds() -> None:
    assert epoch_ms(datetime(1970, 1, 1, tzinfo=UTC)) == 0
    assert epoch_ms(datetime(2026, 11, 28, 3, 20, 0, 123_999, tzinfo=UTC)) == 1_795_836_000_123


def test_epoch_ms_is_exact_where_float_seconds_round_down() -> None:
    # 2184323001.081 * 1000 is 2184323001080.9998 in binary floating point.
    moment = datetime(2039, 3, 21, 12, 23, 21, 81_000, tzinfo=UTC)
    assert epoch_ms(moment) == 2_184_323_001_081


@settings(max_examples=200)
@given(moments)
def test_epoch_ms_agrees_with_the_formatted_millisecond(moment: datetime) -> None:
    ms = epoch_ms(moment)
    assert format_timestamp(datetime.fromtimestamp(ms // 1000, UTC)).startswith(
        format_timestamp(moment)[:19]
    )
    assert ms % 1000 == moment.microsecond // 1000
