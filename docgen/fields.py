"""JSON Schemas of the wire's named fields, from the validation limits of the domain.

Every string or integer field of a request, reply or event is named here, and gets its
schema by name (every `groupId` is a ULID, every `...At` a timestamp), so a rule is written
once, from `ourchat.domain.limits`. A field this module does not know stops `make docs`:
name it here first.
"""

from __future__ import annotations

from typing import Any

from ourchat.domain import limits
from ourchat.domain.pagination import MAX_CURSOR_LENGTH
from ourchat.protocol.frames import MAX_REQUEST_ID_CHARS

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


SHARED: dict[str, Schema] = {
    "Ulid": {"type": "string", "pattern": f"^{limits.ULID_PATTERN}$"},
    "UserId": {"type": "string", "pattern": f"^{limits.USER_ID_PATTERN}$"},
    "Name": {
        "type": "string",
        "minLength": 1,
        "maxLength": limits.MAX_NAME_CHARS,
        "description": (
            "At least one visible character; no control or format characters (a zero-width"
            " joiner between visible characters excepted) and no invisible fillers such as U+3164."
        ),
    },
    "Timestamp": {
        "type": "string",
        "description": "UTC ISO-8601 with milliseconds, e.g. 2026-11-28T03:20:00.000Z",
    },
    "Cursor": {"type": "string", "maxLength": MAX_CURSOR_LENGTH},
    "Limit": {"type": "integer", "minimum": 1, "maximum": limits.MAX_PAGE_LIMIT},
    "Seq": {
        "type": "integer",
        "minimum": 0,
        "description": "A number in a group's history: 1, 2, 3, ... with no gaps.",
    },
}

_FIELDS: dict[str, Schema] = {
    **dict.fromkeys(
        ("groupId", "threadId", "messageId", "replyToMessageId", "lastReadMessageId"), _ref("Ulid")
    ),
    **dict.fromkeys(("userId", "senderUserId", "creatorUserId", "invitedBy"), _ref("UserId")),
    **dict.fromkeys(
        (
            "createdAt",
            "lastMessageAt",
            "joinedAt",
            "expiresAt",
            "departedAt",
            "editedAt",
            "deletedAt",
        ),
        _ref("Timestamp"),
    ),
    **dict.fromkeys(("userName", "groupName", "threadName"), _ref("Name")),
    **dict.fromkeys(("cursor", "before", "nextCursor"), _ref("Cursor")),
    **dict.fromkeys(("seq", "joinedSeq", "afterSeq"), _ref("Seq")),
    "limit": _ref("Limit"),
    "content": {
        "type": "string",
        "maxLength": limits.MAX_CONTENT_CHARS,
        "description": (
            f"Not blank; at most {limits.MAX_CONTENT_BYTES // 1024} KiB of UTF-8 (empty only"
            " in a deleted message)."
        ),
    },
    "emoji": {"type": "string", "description": "One emoji, as a group's emoticon."},
    "excerpt": {"type": "string", "maxLength": limits.EXCERPT_CHARS},
    "count": {"type": "integer", "minimum": 1},
    "unreadCount": {
        "type": "integer",
        "minimum": 0,
        "maximum": limits.MAX_UNREAD_COUNT,
        "description": f"Stops at {limits.MAX_UNREAD_COUNT}: a badge shows 99+ there.",
    },
    "color": {"type": "string", "pattern": f"^{limits.COLOR_PATTERN}$|^$"},
    "emoticon": {
        "type": "string",
        "description": f"One emoji of at most {limits.MAX_EMOTICON_BYTES} bytes of UTF-8.",
    },
    "profileImageUrl": {
        "type": "string",
        "maxLength": limits.MAX_URL_CHARS,
        "pattern": "^https://|^$",
    },
    "dateOfBirth": {"type": "string", "description": "YYYY-MM-DD (or empty, to remove it)."},
    "clientMessageId": {"type": "string", "pattern": f"^{limits.CLIENT_MESSAGE_ID_PATTERN}$"},
    "query": {
        "type": "string",
        "minLength": limits.MIN_QUERY_CHARS,
        "maxLength": limits.MAX_QUERY_CHARS,
    },
    "role": {"type": "string", "enum": ["owner", "admin", "member"]},
    "reason": {"type": "string", "enum": ["left", "removed"]},
    "requestId": {"type": "string", "maxLength": MAX_REQUEST_ID_CHARS},
    "event": {"type": "string", "description": "The event's name, as in the events table."},
}

# Fields whose rule differs in one struct from the same name elsewhere.
_IN_COMPONENT: dict[tuple[str, str], Schema] = {
    ("Sync", "limit"): {"type": "integer", "minimum": 1, "maximum": limits.MAX_SYNC_LIMIT},
    ("FindUsers", "limit"): {"type": "integer", "minimum": 1, "maximum": limits.MAX_FIND_LIMIT},
}


class UnknownField(KeyError):
    """A wire field has no schema in docgen/fields.py."""


def field_schema(name: str, component: str = "") -> Schema:
    """Return the schema of a string or integer field by its wire name (and its struct's,
    for the few fields whose rule depends on it).

    Raises:
        UnknownField: No schema is named for it.
    """
    if (component, name) in _IN_COMPONENT:
        return dict(_IN_COMPONENT[component, name])
    if name not in _FIELDS:
        raise UnknownField(f"the wire field {name!r} needs a schema in docgen/fields.py")
    return dict(_FIELDS[name])
