"""What every client frame may carry, whatever its action: `action` and `requestId`."""

from __future__ import annotations

import json
from typing import Any

import msgspec

MAX_REQUEST_ID_CHARS = 64
"""A `requestId` is a string of at most this many characters; others are not echoed."""

UNPAIRED_SURROGATE = (
    "the frame's JSON holds an unpaired surrogate escape (\\ud800-\\udfff); "
    "text must be valid Unicode"
)
"""The bad_request message of a frame whose strings are not valid Unicode."""

# Python refuses int() of longer digit strings (a guard against quadratic conversion).
_MAX_INT_DIGITS = 4_000


class Envelope(msgspec.Struct, rename="camel", frozen=True):
    """The fields every frame may carry, read before its action's own fields."""

    action: Any = None
    request_id: Any = None


def read_envelope(body: str | bytes) -> Envelope:
    """Read a frame's `action` and `requestId`, whatever else the frame holds.

    msgspec refuses unpaired surrogate escapes (`"\\ud800"`), which JSON's grammar allows;
    such a frame is read again with the standard library, so that its reply still carries
    the client's requestId.

    Returns:
        The envelope; an empty one when the frame is not a JSON object.
    """
    try:
        return msgspec.json.decode(body, type=Envelope)
    except msgspec.ValidationError:
        return Envelope()  # JSON, but not an object
    except msgspec.DecodeError:
        pass
    except RecursionError:
        return Envelope()
    value = _lenient(body)
    if not isinstance(value, dict):
        return Envelope()
    return Envelope(value.get("action"), value.get("requestId"))


def is_text(value: Any) -> bool:
    """Tell whether a value is a string of valid Unicode (no unpaired surrogate), so echoable."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def valid_request_id(value: Any) -> bool:
    """Tell whether a requestId may be echoed: text of at most 64 characters."""
    return is_text(value) and len(value) <= MAX_REQUEST_ID_CHARS


def has_unpaired_surrogate(body: str | bytes) -> bool:
    """Tell whether a frame is JSON whose strings (or keys) hold an unpaired surrogate."""
    pending = [_lenient(body)]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending += [*value.keys(), *value.values()]
        elif isinstance(value, list):
            pending += value
        elif isinstance(value, str) and not is_text(value):
            return True
    return False


def _lenient(body: str | bytes) -> Any:
    """Parse JSON with the standard library; None when it is not JSON."""
    try:
        return json.loads(body, parse_int=_integer)
    except (ValueError, RecursionError):
        return None


def _integer(text: str) -> int | float:
    # Only the envelope's strings matter here; an over-long integer stands in as a float.
    return int(text) if len(text) <= _MAX_INT_DIGITS else float(text)
