"""Route `listGroups`: the caller's groups, most recent message first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, Request, message_route
from ourchat.services.groups import list_groups


class ListGroups(Request, frozen=True):
    """The frame has no fields of its own."""


@message_route("listGroups", ListGroups)
def handler(request: ListGroups, caller: Caller) -> Mapping[str, Any]:
    """Return the caller's groups."""
    groups = list_groups(caller.deps.store, user_id=caller.user_id)
    return {"groups": [to_record(group) for group in groups]}
