"""Route `deleteUser`: the caller erases their own account."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import DeleteUser
from ourchat.services.erasure import delete_user


@message_route(DeleteUser)
def handler(request: DeleteUser, caller: Caller) -> Mapping[str, Any]:
    """Erase the account: the caller's other connections close; this one's client signs out."""
    delete_user(
        caller.store,
        caller.pusher,
        caller.clock,
        user_id=caller.user_id,
        asking=caller.connection_id,
    )
    return {}
