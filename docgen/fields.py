"""JSON Schemas of the wire's named fields, from the validation limits of the domain.

A request or entity field gets its schema by name (every `groupId` is a ULID, every
`...At` a timestamp), so a rule is written once, here, from `ourchat.domain.limits`.
"""

from __future__ import annotations

from typing import Any

from ourchat.domain import limits
from ourchat.domain.pagination import MAX_CURSOR_LENGTH

Schema = dict[str, Any]

SHARED: dict[str, Schema] = {
    "Ulid": {"type": "string", "pattern": "^[0-7][0-9A-HJKMNP-TV-Z]{25}$"},
    "UserId": {
        "type": "string",
        "pattern": f"^[A-Za-z0-9._@:-]{{1,{limits.MAX_USER_ID_CHARS}}}$",
    },
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
}

_BY_NAME: dict[str, Schema] = {
    "content": {
        "type": "string",
        "minLength": 1,
        "maxLength": limits.MAX_CONTENT_CHARS,
        "description": f"Not blank; at most {limits.MAX_CONTENT_BYTES // 1024} KiB of UTF-8.",
    },
    "color": {"type": "string", "pattern": "^#[0-9A-Fa-f]{6}$"},
    "emoticon": {
        "type": "string",
        "description": f"One emoji of at most {limits.MAX_EMOTICON_BYTES} bytes of UTF-8.",
    },
    "profileImageUrl": {
        "type": "string",
        "format": "uri",
        "maxLength": limits.MAX_URL_CHARS,
        "pattern": "^https://",
    },
    "dateOfBirth": {"type": "string", "format": "date"},
    "clientMessageId": {
        "type": "string",
        "pattern": f"^[A-Za-z0-9._:-]{{1,{limits.MAX_CLIENT_MESSAGE_ID_CHARS}}}$",
    },
    "limit": {"$ref": "#/components/schemas/Limit"},
    "cursor": {"$ref": "#/components/schemas/Cursor"},
    "before": {"$ref": "#/components/schemas/Cursor"},
    "nextCursor": {"$ref": "#/components/schemas/Cursor"},
}


def field_schema(name: str) -> Schema | None:
    """Return the schema of a field by its wire name, or None when nothing refines it."""
    if name in _BY_NAME:
        return dict(_BY_NAME[name])
    if name.endswith("At"):
        return {"$ref": "#/components/schemas/Timestamp"}
    if name in {"userId", "senderUserId"}:
        return {"$ref": "#/components/schemas/UserId"}
    if name.endswith("Id"):
        return {"$ref": "#/components/schemas/Ulid"}
    if name.endswith("Name"):
        return {"$ref": "#/components/schemas/Name"}
    return None
