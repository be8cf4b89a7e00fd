"""Values that have broken servers before: odd text, invalid UTF-8, and the fields actions read.

The fuzzer (tests/support/frames.py) and the content tests draw from these.
"""

from __future__ import annotations

from ourchat.domain.limits import (
    MAX_CLIENT_MESSAGE_ID_CHARS,
    MAX_CONTENT_CHARS,
    MAX_NAME_CHARS,
    MAX_USER_ID_CHARS,
)
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

FIELDS = [
    "groupId",
    "threadId",
    "userId",
    "content",
    "clientMessageId",
    "userName",
    "groupName",
    "threadName",
    "emoticon",
    "color",
    "profileImageUrl",
    "dateOfBirth",
    "before",
    "cursor",
    "limit",
]
"""Every field some action reads."""

SIZES = {
    "content": [MAX_CONTENT_CHARS - 1, MAX_CONTENT_CHARS, MAX_CONTENT_CHARS + 1],
    "name": [MAX_NAME_CHARS, MAX_NAME_CHARS + 1],
    "requestId": [MAX_REQUEST_ID_CHARS, MAX_REQUEST_ID_CHARS + 1],
    "clientMessageId": [MAX_CLIENT_MESSAGE_ID_CHARS, MAX_CLIENT_MESSAGE_ID_CHARS + 1],
    "userId": [MAX_USER_ID_CHARS, MAX_USER_ID_CHARS + 1],
}

ACTION_FIELDS = {
    "createUser": ["userName", "profileImageUrl", "dateOfBirth"],
    "createGroup": ["groupName", "emoticon"],
    "addMember": ["groupId", "userId"],
    "listGroups": [],
    "createThread": ["groupId", "threadName", "color"],
    "sendMessage": ["groupId", "threadId", "content", "clientMessageId"],
    "getLastMessages": ["threadId", "before", "limit"],
    "getThreadsByGroup": ["groupId", "cursor", "limit"],
}
"""The fields of each action (docs/protocol.md)."""

OPTIONAL_FIELDS = frozenset(
    {"profileImageUrl", "dateOfBirth", "emoticon", "color", "clientMessageId"}
    | {"before", "cursor", "limit"}
)
VALID_SAMPLES = ["Ada", "#1E90FF", "🎉", "https://example.com/a.png", "1990-05-01", "c-1"]
"""Valid values of the optional fields, so that requests get past validation too."""
