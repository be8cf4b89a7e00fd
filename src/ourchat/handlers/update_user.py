"""Route `updateUser`: change some fields of the caller's profile."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import UpdateUser
from ourchat.services.users import update_profile


@message_route(UpdateUser)
def handler(request: UpdateUser, caller: Caller) -> Mapping[str, Any]:
    """Change the caller's profile and return it."""
    user = update_profile(
        caller.store,
        caller.clock,
        user_id=caller.user_id,
        user_name=request.user_name,
        profile_image_url=request.profile_image_url,
        date_of_birth=request.date_of_birth,
    )
    return to_record(user)
