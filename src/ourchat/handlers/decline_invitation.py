"""Route `declineInvitation`: decline an open invitation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import DeclineInvitation
from ourchat.services.invitations import decline_invitation


@message_route(DeclineInvitation)
def handler(request: DeclineInvitation, caller: Caller) -> Mapping[str, Any]:
    """Drop the invitation."""
    decline_invitation(
        caller.store, caller.clock, user_id=caller.user_id, group_id=request.group_id
    )
    return {}
