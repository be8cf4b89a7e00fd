"""Route `listInvitations`: the caller's open invitations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ourchat.handlers.replies import page_reply
from ourchat.handlers.shim import Caller, message_route
from ourchat.protocol.actions import ListInvitations
from ourchat.services.invitations import list_invitations


@message_route(ListInvitations)
def handler(request: ListInvitations, caller: Caller) -> Mapping[str, Any]:
    """Return one page of open invitations, each with its group."""
    page = list_invitations(
        caller.store,
        caller.clock,
        user_id=caller.user_id,
        cursor=request.cursor,
        limit=request.limit,
    )
    return page_reply("invitations", page)
