"""Route `createUser`: create or update the caller's own profile."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, Request, message_route
from ourchat.services.users import upsert_profile


class CreateUser(Request, frozen=True):
    """The frame's fields; userId is the token subject, never a field."""

    user_name: str
    profile_image_url: str | None = None
    date_of_birth: str | None = None


@message_route("createUser", CreateUser)
def handler(request: CreateUser, caller: Caller) -> Mapping[str, Any]:
    """Upsert the caller's profile and return it."""
    user = upsert_profile(
        caller.deps.store,
        caller.deps.clock,
        user_id=caller.user_id,
        user_name=request.user_name,
        profile_image_url=request.profile_image_url,
        date_of_birth=request.date_of_birth,
    )
    return to_record(user)
