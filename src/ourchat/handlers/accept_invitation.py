"""Route `acceptInvitation`: accept an open invitation and become a member."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.domain.records import to_record
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import AcceptInvitation
from ourchat.services.invitations import accept_invitation


@message_route(AcceptInvitation)
def handler(request: AcceptInvitation, caller: Caller) -> Mapping[str, Any]:
    """Join the group and return the membership."""
    membership = accept_invitation(
        caller.store, caller.pusher, caller.clock, user_id=caller.user_id, group_id=request.group_id
    )
    return to_record(membership)
