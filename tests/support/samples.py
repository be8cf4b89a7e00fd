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
    }
    if field not in values:
        raise KeyError(f"no sample value for a field named {field!r}: add one here")
    return values[field]


def sample_fields(action: str, ids: Ids) -> dict[str, Any]:
    """The required fields of a valid frame of `action`, naming the given ids."""
    return {
        field.encode_name: _value(field.encode_name, ids)
        for field in msgspec.structs.fields(ACTIONS[action].request)
        if field.required
    }
