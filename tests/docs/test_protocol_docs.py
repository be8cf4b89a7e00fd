"""docs/protocol.md documents every action, event and error code the code has."""

from __future__ import annotations

from pathlib import Path

from ourchat.domain.errors import ErrorCode
from ourchat.domain.events import EVENTS
from ourchat.protocol.actions import CLIENT_ACTIONS

PROTOCOL = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"


def test_protocol_md_documents_every_action_event_and_code() -> None:
    text = PROTOCOL.read_text(encoding="utf-8")
    for action in CLIENT_ACTIONS:
        assert f"| `{action}` |" in text, action
    for event in EVENTS:
        assert f"| `{event}` |" in text, event
    for code in ErrorCode:
        assert f"| `{code}` |" in text, code
