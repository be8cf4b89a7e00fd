"""Hypothesis strategies of hostile client frames: anything a socket can carry, and near-misses.

A frame is `str` (a text frame) or `bytes` (a binary frame). Unpaired surrogates cannot be
encoded as UTF-8 text, so they travel as JSON escapes (`"\\ud800"`) in text frames and as
raw invalid byte sequences in binary frames.
"""

from __future__ import annotations

import json
from dataclasses import astuple, dataclass
from typing import Any

import msgspec
from hypothesis import strategies as st

from ourchat.domain.limits import (
    MAX_CONTENT_CHARS,
    MAX_PAGE_LIMIT,
)
from ourchat.gateway.config import DEFAULT_MAX_MESSAGE_BYTES
from ourchat.protocol.actions import ACTIONS, CLIENT_ACTIONS, Who
from tests.support.hostile_values import (
    ACTION_FIELDS,
    EDGE_TEXTS,
    FIELDS,
    HUGE_INTEGERS,
    INVALID_UTF8,
    MORE_VALID,
    SIZES,
    SURROGATE_TEXTS,
    Field,
)
from tests.support.samples import Ids, sample_fields

STANDING = Ids(group_id="<group>", thread_id="<thread>", user_id="<user>", message_id="<message>")
"""Stand-ins for the ids of the group, thread, message and other user of whoever sends the
frame; `bind` puts the real ones in, so one drawn frame fits any sender."""

SELF_DESTRUCTIVE = frozenset(
    {"deleteUser", "leaveGroup", "removeMember", "setMemberRole", "deleteMessage"}
)
"""Actions that may take the sender's standing away (its account, its membership or
ownership, its message): the fuzzer sends them as a throwaway user (`sender_of`), so that the
rest keeps reaching member paths."""

_MANAGING = frozenset(
    {Who.OWNER, Who.MANAGER, Who.CREATOR_OR_MANAGER, Who.SENDER, Who.SENDER_OR_MANAGER}
)


def sender_of(action: str) -> str:
    """Who sends a request of `action`: the fuzzer (`"fuzzer"`), or a throwaway user who
    owns a group with a member (`"owner"`), is a plain member of one (`"member"`: an owner
    may neither leave nor erase their account while others remain) or is invited to one
    (`"invitee"`: accepting or declining uses the invitation up)."""
    who = ACTIONS[action].who
    if who is Who.INVITEE:
        return "invitee"
    if action not in SELF_DESTRUCTIVE:
        return "fuzzer"
    return "owner" if who in _MANAGING else "member"


def bind(frame: str | bytes, ids: Ids) -> str | bytes:
    """Put real ids in place of the `STANDING` stand-ins a frame names."""
    if isinstance(frame, bytes):
        return frame
    for stand_in, real in zip(astuple(STANDING), astuple(ids), strict=True):
        frame = frame.replace(json.dumps(stand_in), json.dumps(real))
    return frame


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


ANY_ACTION = st.sampled_from([*CLIENT_ACTIONS, "$connect", "$disconnect", "$default", "x"])


@st.composite
def shaped_frames(
    draw: st.DrawFn, values: st.SearchStrategy[Any], field_values: st.SearchStrategy[Any]
) -> str:
    """A frame that looks like a request: a known (or odd) action, its fields, odd values.

    Args:
        values: Any JSON value.
        field_values: Values of a plausible type for a field (strings, small integers).
    """
    frame: dict[str, Any] = {"action": draw(ANY_ACTION) if draw(st.booleans()) else draw(values)}
    if draw(st.booleans()):
        frame["requestId"] = draw(field_values)
    for name in draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=6)):
        frame[name] = draw(field_values if draw(st.integers(0, 3)) else values)
    return to_json(frame, ascii_only=draw(st.booleans()))


@dataclass(frozen=True)
class FieldValues:
    """Values for the fields of each action, read from its request struct.

    Args:
        valid: Valid values by action and field: the samples of tests/support/samples.py
            (naming the `STANDING` ids) and `MORE_VALID`'s. A field without one (a cursor)
            is only ever odd.
        odd: Odd values by action and field: of the declared type, odd inside it (2 in 3),
            or any JSON value.
    """

    valid: dict[tuple[str, str], st.SearchStrategy[Any]]
    odd: dict[tuple[str, str], st.SearchStrategy[Any]]


def field_values_of(ids: list[str], values: st.SearchStrategy[Any]) -> FieldValues:
    """The valid and the odd values of every action's fields (`ACTION_FIELDS`)."""
    valid: dict[tuple[str, str], st.SearchStrategy[Any]] = {}
    odd: dict[tuple[str, str], st.SearchStrategy[Any]] = {}
    for action, fields in ACTION_FIELDS.items():
        samples = sample_fields(action, STANDING, optional=True)
        for field in fields:
            good = valid_values(field, samples)
            if good:
                valid[action, field.name] = st.sampled_from(good)
            typed = typed_values(field.type, ids)
            odd[action, field.name] = st.one_of(typed, typed, values)
    return FieldValues(valid, odd)


def valid_values(field: Field, samples: dict[str, Any]) -> list[Any]:
    """The valid values known for a field: its sample first, then `MORE_VALID`'s."""
    known = [samples[field.name]] if field.name in samples else []
    return known + [value for value in MORE_VALID.get(field.name, []) if value not in known]


@st.composite
def request_frames(draw: st.DrawFn, action: str, values: FieldValues) -> str:
    """A request of `action` with its own fields.

    Half the time every required field is there and valid but one field at most, which is
    odd (so each check is reached past the others); otherwise each field is left out, valid
    or odd at random.
    """
    fields = ACTION_FIELDS[action]
    request_id = st.text(max_size=8) | st.text(min_size=60, max_size=70)
    frame: dict[str, Any] = {"action": action, "requestId": draw(request_id)}
    mixed = draw(st.booleans())
    odd_one = draw(st.sampled_from([None, *(field.name for field in fields)]))
    for field in fields:
        # An optional field is left out 5 times in 8; a required one 1 in 8 when mixed.
        chance = (1 if mixed else 0) if field.required else 5
        if draw(st.integers(0, 7)) < chance:
            continue
        key = (action, field.name)
        odd = draw(st.booleans()) if mixed else field.name == odd_one
        source = values.odd if odd or key not in values.valid else values.valid
        frame[field.name] = draw(source[key])
    return to_json(frame, ascii_only=draw(st.booleans()))


def valid_frames() -> list[str]:
    """One valid frame of every action, with its sample fields (optional ones included)."""
    return [
        to_json(
            {
                "action": action,
                "requestId": f"valid-{action}",
                **sample_fields(action, STANDING, optional=True),
            }
        )
        for action in ACTION_FIELDS
    ]


def typed_values(kind: msgspec.inspect.Type, ids: list[str]) -> st.SearchStrategy[Any]:
    """Values of a declared type, odd inside it: edge-case text, sizes around every limit,
    integers past every machine width, structs with odd fields."""
    if isinstance(kind, msgspec.inspect.StrType):
        text = st.text(max_size=40)
        return st.one_of(
            st.sampled_from(ids),
            st.sampled_from(EDGE_TEXTS),
            st.sampled_from(SURROGATE_TEXTS),
            text,
            boundary_strings(text),
        )
    if isinstance(kind, msgspec.inspect.IntType):
        return st.one_of(
            st.integers(min_value=-1, max_value=MAX_PAGE_LIMIT + 1),
            st.sampled_from(HUGE_INTEGERS),
            st.integers(),
        )
    if isinstance(kind, msgspec.inspect.BoolType):
        return st.booleans() | st.sampled_from([0, 1, "true"])
    if isinstance(kind, msgspec.inspect.FloatType):
        return st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(HUGE_INTEGERS)
    if isinstance(kind, msgspec.inspect.LiteralType):
        return st.sampled_from(kind.values) | st.sampled_from(EDGE_TEXTS)
    if isinstance(kind, msgspec.inspect.UnionType):
        return st.one_of([typed_values(member, ids) for member in kind.types])
    if isinstance(kind, msgspec.inspect.NoneType):
        return st.none()
    if isinstance(kind, msgspec.inspect.ListType):
        return st.lists(typed_values(kind.item_type, ids), max_size=4)
    if isinstance(kind, msgspec.inspect.StructType):
        return st.fixed_dictionaries(
            {f.encode_name: typed_values(f.type, ids) for f in kind.fields if f.required},
            optional={
                f.encode_name: typed_values(f.type, ids) for f in kind.fields if not f.required
            },
        )
    raise TypeError(f"no odd values for a field of type {kind!r}: add them here")


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


def strategies_of(
    ids: list[str],
) -> tuple[st.SearchStrategy[Any], st.SearchStrategy[Any], FieldValues]:
    """Any JSON value, a value of a plausible type for some field, and each action's fields."""
    ids = [*astuple(STANDING), *ids]
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
    return values, field_values, field_values_of(ids, values)


def hostile_frames(ids: list[str]) -> st.SearchStrategy[str | bytes]:
    """Every kind of frame above, plus plain random text.

    Args:
        ids: Ids to name besides the `STANDING` stand-ins (users, made-up and malformed ids).
    """
    values, field_values, by_field = strategies_of(ids)
    requests = st.sampled_from(sorted(ACTION_FIELDS)).flatmap(
        lambda action: request_frames(action, by_field)
    )
    return st.one_of(
        requests,
        requests,
        shaped_frames(values, field_values),
        values.map(to_json),
        st.text(max_size=200),
        deep_frames(),
        sized_frames(),
        binary_frames(),
    )


def action_rounds(ids: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    """One request of every declared action, each with its own fields (`request_frames`).

    Args:
        ids: As for `hostile_frames`.
    """
    _, _, by_field = strategies_of(ids)
    return st.tuples(*(request_frames(action, by_field) for action in ACTION_FIELDS))
