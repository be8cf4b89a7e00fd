"""ULID identifiers: 128-bit, lexicographically sortable by creation time.

A ULID is 48 bits of Unix milliseconds then 80 random bits, written as 26 characters of
Crockford base32. Within one process, ids minted in the same millisecond increase
monotonically so that ordering by id matches creation order.
"""

from __future__ import annotations

import os
import threading
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_MAX_RANDOM = (1 << 80) - 1
ULID_LENGTH = 26

_lock = threading.Lock()
_last_ms = -1
_last_random = 0


def _encode(value: int) -> str:
    chars = []
    for _ in range(ULID_LENGTH):
        value, index = divmod(value, 32)
        chars.append(_ALPHABET[index])
    return "".join(reversed(chars))


def new_ulid(now_ms: int | None = None) -> str:
    """Return a new ULID.

    Args:
        now_ms: The timestamp part in Unix milliseconds; the current time when omitted.

    Returns:
        A 26-character ULID string.
    """
    global _last_ms, _last_random  # noqa: PLW0603 - process-wide monotonic state by design
    ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
    with _lock:
        if ms == _last_ms and _last_random < _MAX_RANDOM:
            _last_random += 1
        else:
            _last_ms = ms
            _last_random = int.from_bytes(os.urandom(10), "big") >> 1
        random_part = _last_random
    return _encode((ms << 80) | random_part)


def is_ulid(value: str) -> bool:
    """Tell whether a string is a well-formed ULID (upper-case Crockford base32)."""
    return (
        len(value) == ULID_LENGTH
        and value[0] in "01234567"
        and all(char in _ALPHABET for char in value)
    )
