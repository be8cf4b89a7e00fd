"""Values that have broken servers before: odd text, invalid UTF-8, and the fields actions read.

The fuzzer (tests/support/frames.py) and the content tests draw from these. The fields of
each action are not listed here but read from its request struct (`ACTIONS` in
`ourchat/protocol/actions.py`), so a new action is fuzzed with its own fields as soon as it
is declared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec
from msgspec.inspect import type_info

from ourchat.domain.limits import (
    MAX_CLIENT_MESSAGE_ID_CHARS,
    MAX_CONTENT_CHARS,
    MAX_NAME_CHARS,
    MAX_PAGE_LIMIT,
    MAX_QUERY_CHARS,
    MAX_URL_CHARS,
    MAX_USER_ID_CHARS,
)
from ourchat.protocol.actions import ACTIONS
from ourchat.protocol.frames import MAX_REQUEST_ID_CHARS

EDGE_TEXTS = [
    "",
    " ",
    "\t\n",
    "\u0000",
    "\u202eevil\u202c",  # right-to-left override
    "مرحبا بالعالم",
    "\u200b\u200c\u200d\ufeff",  # zero-width characters and a BOM
    "🧗\u200d♀️",  # ZWJ sequence of 4-byte code points
    "👩🏽‍💻🏳️‍🌈",
    "e\u0301\u0301\u0301",  # stacked combining marks
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "' OR 1=1 --",
    "${jndi:ldap://127.0.0.1/x}",
    "%s%n%x",
    "\U0010ffff",
]
"""Strings that have broken text handling elsewhere."""

SURROGATE_TEXTS = ["\ud800", "\udfff", "a\ud83dz", "\ude00\ud83d", "\ud83d\ude00"]
"""Unpaired surrogates (and one pair), which only a JSON escape such as `\\ud800` can carry."""

INVALID_UTF8 = [b"\xed\xa0\x80", b"\xc3\x28", b"\xff\xfe", b"\xf4\x90\x80\x80", b"\xc0\xaf"]
"""Byte sequences that are not UTF-8: an encoded surrogate, truncated and overlong forms."""

SIZES = {
    "content": [MAX_CONTENT_CHARS - 1, MAX_CONTENT_CHARS, MAX_CONTENT_CHARS + 1],
    "name": [MAX_NAME_CHARS, MAX_NAME_CHARS + 1],
    "requestId": [MAX_REQUEST_ID_CHARS, MAX_REQUEST_ID_CHARS + 1],
    "clientMessageId": [MAX_CLIENT_MESSAGE_ID_CHARS, MAX_CLIENT_MESSAGE_ID_CHARS + 1],
    "userId": [MAX_USER_ID_CHARS, MAX_USER_ID_CHARS + 1],
    "query": [MAX_QUERY_CHARS, MAX_QUERY_CHARS + 1],
    "url": [MAX_URL_CHARS, MAX_URL_CHARS + 1],
}

HUGE_INTEGERS = [2**31, 2**53 + 1, 2**63, -(2**63) - 1, 2**64, 10**30, -(10**400)]
"""Integers past every machine width, which a JSON number may still spell."""


@dataclass(frozen=True)
class Field:
    """One field of a request as the wire names it, and its declared type."""

    name: str
    type: msgspec.inspect.Type
    required: bool


def fields_of(struct: type[Any]) -> tuple[Field, ...]:
    """The fields of a msgspec struct, by their wire (camelCase) names."""
    info = type_info(struct)
    assert isinstance(info, msgspec.inspect.StructType), struct
    return tuple(Field(f.encode_name, f.type, f.required) for f in info.fields)


ACTION_FIELDS: dict[str, tuple[Field, ...]] = {
    name: fields_of(declared.request) for name, declared in ACTIONS.items()
}
"""The fields of each action, read from its request struct."""


def _names_in(kind: msgspec.inspect.Type) -> set[str]:
    """The wire names of the fields of the structs a type holds, however deep."""
    if isinstance(kind, msgspec.inspect.StructType):
        return {f.encode_name for f in kind.fields} | {
            name for f in kind.fields for name in _names_in(f.type)
        }
    if isinstance(kind, msgspec.inspect.UnionType):
        return {name for member in kind.types for name in _names_in(member)}
    if isinstance(kind, msgspec.inspect.ListType):
        return _names_in(kind.item_type)
    return set()


FIELDS = sorted(
    {name for declared in ACTIONS.values() for name in _names_in(type_info(declared.request))}
)
"""Every field some action reads, nested ones (a sync position's `afterSeq`) included."""

MORE_VALID: dict[str, list[Any]] = {
    "userName": ["Ada"],
    "groupName": ["Fuzz"],
    "threadName": ["t"],
    "color": ["#1E90FF", ""],
    "emoticon": ["🎉", ""],
    "emoji": ["🎉", "👍🏽"],
    "role": ["member", "admin", "owner"],
    "clientMessageId": ["c-1"],
    "profileImageUrl": ["https://example.com/a.png", ""],
    "dateOfBirth": ["1990-05-01", ""],
    "query": ["fz", "Ren"],
    "limit": [1, MAX_PAGE_LIMIT],
}
"""Valid values beside the samples of tests/support/samples.py, so requests get past
validation in more than one way."""
