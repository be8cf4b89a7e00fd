"""Route `findUsers`: find people by name or user id."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import FindUsers
from ourchat.services.users import find_users


@message_route(FindUsers)
def handler(request: FindUsers, caller: Caller) -> Mapping[str, Any]:
    """Return the people found, with their public profiles only."""
    users = find_users(caller.store, query=request.query, limit=request.limit)
    return {"users": [to_record(user) for user in users]}
