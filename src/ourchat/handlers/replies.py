"""Reply bodies the message routes share."""

from __future__ import annotations

from typing import Any

from ourchat.domain.models import Page
from ourchat.domain.records import to_record


def page_reply(name: str, page: Page[Any]) -> dict[str, Any]:
    """A page of a listing as a reply: `{name: [records], "nextCursor": cursor or null}`."""
    return {name: [to_record(item) for item in page.items], "nextCursor": page.next_cursor}
