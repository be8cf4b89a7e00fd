"""Hypothesis strategies of hostile client frames: anything a socket can carry, and near-misses.

A frame is `str` (a text frame) or `bytes` (a binary frame). Unpaired surrogates cannot be
encoded as UTF-8 text, so they travel as JSON escapes (`"\\ud800"`) in text frames and as
raw invalid byte sequences in binary frames.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from ourchat.domain.limits import (
    MAX_CONTENT_CHARS,
    MAX_PAGE_LIMIT,
)
from ourchat.gateway.config import DEFAULT_MAX_MESSAGE_BYTES
from ourchat.protocol.actions import CLIENT_ACTIONS
from tests.support.hostile_values import (
    ACTION_FIELDS,
    EDGE_TEXTS,
    FIELDS,
    INVALID_UTF8,
    OPTIONAL_FIELDS,
    SIZES,
    SURROGATE_TEXTS,
    VALID_SAMPLES,
)


def boundary_strings(base: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Strings right at and just over every character limit, in 1- to 4-byte characters."""
    lengths = st.sampled_from(sorted({n for sizes in SIZES.values() for n in sizes}))
    at_lengths = st.builds(lambda char, n: (char * n)[:n], base.filter(bool), lengths)
    # 4-byte emoji: 4,000 of them (16,000 bytes) are the most UTF-8 that content can hold.
    emoji = st.sampled_from([MAX_CONTENT_CHARS, MAX_CONTENT_CHARS + 1]).map(lambda n: "😀" * n)
    return st.one_of(at_lengths, emoji)


def scalars(ids: list[str]) -> st.SearchStrategy[Any]:
    """JSON scalars, biased to values the server knows and to edge cases."""
    text = st.text(max_size=40)
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=-1, max_value=MAX_PAGE_LIMIT + 1),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(ids),
        st.sampled_from(EDGE_TEXTS),
        st.sampled_from(SURROGATE_TEXTS),
        text,
        boundary_strings(text),
    )


def json_values(ids: list[str]) -> st.SearchStrategy[Any]:
    """Any JSON value, nested a few levels."""
    return st.recursive(
        scalars(ids),
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), children, max_size=4),
        ),
        max_leaves=12,
    )


ACTIONS = st.sampled_from([*CLIENT_ACTIONS, "$connect", "$disconnect", "$default", "x"])


@st.composite
def shaped_frames(
    draw: st.DrawFn, values: st.SearchStrategy[Any], field_values: st.SearchStrategy[Any]
) -> str:
    """A frame that looks like a request: a known (or odd) action, its fields, odd values.

    Args:
        values: Any JSON value.
        field_values: Values of a plausible type for a field (strings, small integers).
    """
    frame: dict[str, Any] = {"action": draw(ACTIONS) if draw(st.booleans()) else draw(values)}
    if draw(st.booleans()):
        frame["requestId"] = draw(field_values)
    for name in draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=6)):
        frame[name] = draw(field_values if draw(st.integers(0, 3)) else values)
    return to_json(frame, ascii_only=draw(st.booleans()))


@st.composite
def request_frames(draw: st.DrawFn, by_field: dict[str, st.SearchStrategy[Any]]) -> str:
    """A request with its action's own fields (most of them), each of a plausible type.

    Args:
        by_field: The values to try for each field.
    """
    action = draw(st.sampled_from(sorted(ACTION_FIELDS)))
    request_id = st.text(max_size=8) | st.text(min_size=60, max_size=70)
    frame: dict[str, Any] = {"action": action, "requestId": draw(request_id)}
    for name in ACTION_FIELDS[action]:
        if draw(st.integers(0, 7)) >= (6 if name in OPTIONAL_FIELDS else 1):
            frame[name] = draw(by_field[name])
    return to_json(frame, ascii_only=draw(st.booleans()))


def to_json(value: Any, *, ascii_only: bool = False) -> str:
    """Serialize a value; surrogates force `\\uXXXX` escapes, as UTF-8 cannot hold them."""
    text = json.dumps(value, ensure_ascii=ascii_only)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value)
    return text


def deep_frames() -> st.SearchStrategy[str]:
    """JSON nested deeper than parsers like, up to far past the recursion limit."""
    depth = st.sampled_from([64, 999, 1001, 5_000, 20_000])
    arrays = depth.map(lambda n: "[" * n + "]" * n)
    objects = depth.map(lambda n: '{"action":' * n + "1" + "}" * n)
    routed = depth.map(lambda n: '{"action":"sendMessage","content":' + "[" * n + "]" * n + "}")
    return st.one_of(arrays, objects, routed)


def sized_frames() -> st.SearchStrategy[str]:
    """Frames of exactly the gateway's size limit in UTF-8 bytes, and one byte over it."""
    limit = DEFAULT_MAX_MESSAGE_BYTES

    def frame(size: int, char: str) -> str:
        head, tail = '{"action": "sendMessage", "content": "', '"}'
        room = size - len(head) - len(tail)
        width = len(char.encode("utf-8"))
        text = head + char * (room // width) + " " * (room % width) + tail
        assert len(text.encode("utf-8")) == size
        return text

    return st.builds(frame, st.sampled_from([limit - 1, limit, limit + 1]), st.sampled_from("aé😀"))


def binary_frames() -> st.SearchStrategy[bytes]:
    """Binary frames: random bytes, invalid UTF-8, and JSON that arrives as binary."""
    return st.one_of(
        st.binary(max_size=256),
        st.sampled_from(INVALID_UTF8),
        st.just(b'{"action": "listGroups"}'),
    )


def hostile_frames(ids: list[str]) -> st.SearchStrategy[str | bytes]:
    """Every kind of frame above, plus plain random text."""
    values = json_values(ids)
    text = st.text(max_size=40)
    field_values = st.one_of(
        st.sampled_from(ids),
        st.sampled_from(EDGE_TEXTS),
        st.sampled_from(SURROGATE_TEXTS),
        text,
        boundary_strings(text),
        st.integers(min_value=-1, max_value=MAX_PAGE_LIMIT + 1),
    )
    known = st.sampled_from(ids + VALID_SAMPLES)
    by_field = {name: st.one_of(known, known, known, field_values) for name in FIELDS}
    by_field["limit"] = st.one_of(st.integers(0, MAX_PAGE_LIMIT + 1), field_values)
    return st.one_of(
        request_frames(by_field),
        request_frames(by_field),
        shaped_frames(values, field_values),
        values.map(to_json),
        st.text(max_size=200),
        deep_frames(),
        sized_frames(),
        binary_frames(),
    )
