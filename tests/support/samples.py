"""Valid sample frames for any declared action, from the names of its fields.

The authorization matrix and other suites that run every action build their frames here,
so a new action is covered without editing them; a field whose name is not known here
fails loudly, and gets its sample added once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from ourchat.protocol.actions import ACTIONS


@dataclass(frozen=True)
class Ids:
    """The ids a sample frame may name."""

    group_id: str
    thread_id: str
    user_id: str
    """Another user, e.g. one to add to the group."""
    message_id: str = ""
    """A message of the thread."""


_OPTIONAL: dict[str, Any] = {
    "profileImageUrl": "https://img.example/p.png",
    "dateOfBirth": "1990-05-01",
    "emoticon": "🎉",
    "color": "#00aa00",
    "limit": 10,
    "clientMessageId": "c-1",
}
"""Values for optional fields that have a sample; the others (cursors) are left out."""


def _value(field: str, ids: Ids) -> Any:
    values: dict[str, Any] = {
        "groupId": ids.group_id,
        "threadId": ids.thread_id,
        "userId": ids.user_id,
        "content": "hi",
        "userName": "Renamed",
        "groupName": "Mine",
        "threadName": "new",
        "query": "zz",
        "role": "admin",
        "messageId": ids.message_id,
        "replyToMessageId": ids.message_id,
        "emoji": "👍",
        "groups": [{"groupId": ids.group_id, "afterSeq": 0}],
    }
    if field not in values:
        raise KeyError(f"no sample value for a field named {field!r}: add one here")
    return values[field]


def sample_fields(action: str, ids: Ids, *, optional: bool = False) -> dict[str, Any]:
    """The fields of a valid frame of `action`, naming the given ids.

    Args:
        optional: Also the optional fields that have a sample value (not cursors).
    """
    fields: dict[str, Any] = {}
    for field in msgspec.structs.fields(ACTIONS[action].request):
        name = field.encode_name
        if field.required:
            fields[name] = _value(name, ids)
        elif optional and name in _OPTIONAL:
            fields[name] = _OPTIONAL[name]
        elif optional and name not in {"cursor", "before"}:
            fields[name] = _value(name, ids)
    return fields
