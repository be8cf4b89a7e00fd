"""ULIDs: 26 characters, sortable by time, monotonic within a millisecond."""

from __future__ import annotations

import time

import pytest

from ourchat.domain.ids import ULID_LENGTH, is_ulid, new_ulid

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _time_part(ms: int) -> str:
    return "".join(CROCKFORD[(ms >> (5 * shift)) & 31] for shift in reversed(range(10)))


def test_a_new_ulid_is_26_characters_of_crockford_base32() -> None:
    ulid = new_ulid()
    assert len(ulid) == ULID_LENGTH == 26
    assert set(ulid) <= set(CROCKFORD)
    assert is_ulid(ulid)


def test_the_first_ten_characters_encode_the_milliseconds() -> None:
    assert new_ulid(1_700_000_000_123)[:10] == _time_part(1_700_000_000_123)
    assert new_ulid(0)[:10] == "0000000000"
    assert new_ulid((1 << 48) - 1)[:10] == "7ZZZZZZZZZ"


def test_the_current_time_is_used_when_no_time_is_given() -> None:
    before = time.time_ns() // 1_000_000
    ulid = new_ulid()
    after = time.time_ns() // 1_000_000
    assert _time_part(before) <= ulid[:10] <= _time_part(after)


def test_ulids_sort_by_time_whatever_their_random_part() -> None:
    earlier = [new_ulid(1_700_000_000_000) for _ in range(50)]
    later = [new_ulid(1_700_000_000_001) for _ in range(50)]
    assert max(earlier) < min(later)


def test_ulids_of_one_millisecond_increase_monotonically() -> None:
    ulids = [new_ulid(1_800_000_000_000) for _ in range(1_000)]
    assert ulids == sorted(ulids)
    assert len(set(ulids)) == len(ulids)


def test_ulids_are_unique_across_milliseconds() -> None:
    assert len({new_ulid() for _ in range(2_000)}) == 2_000


@pytest.mark.parametrize(
    "value",
    [
        "",
        "01ARZ3NDEKTSV4RRFFQ69G5FA",  # 25 characters
        "01ARZ3NDEKTSV4RRFFQ69G5FAVV",  # 27 characters
        "01arz3ndektsv4rrffq69g5fav",  # lower case
        "01ARZ3NDEKTSV4RRFFQ69G5FAI",  # I is not Crockford base32
        "01ARZ3NDEKTSV4RRFFQ69G5FAL",  # nor L
        "01ARZ3NDEKTSV4RRFFQ69G5FAO",  # nor O
        "01ARZ3NDEKTSV4RRFFQ69G5FAU",  # nor U
        "81ARZ3NDEKTSV4RRFFQ69G5FAV",  # over 128 bits
        "01ARZ3NDEKTSV4RRFFQ69G5FA-",
        "01ARZ3NDEKTSV4RRFFQ69G5FA ",
        "\uff10" + "1ARZ3NDEKTSV4RRFFQ69G5FAV",  # a full-width digit
    ],
)
def test_is_ulid_rejects_malformed_ids(value: str) -> None:
    assert not is_ulid(value)


def test_is_ulid_accepts_the_extremes() -> None:
    assert is_ulid("0" * 26)
    assert is_ulid("7" + "Z" * 25)
