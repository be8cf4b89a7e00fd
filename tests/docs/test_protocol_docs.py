"""The protocol documents say what the code does: same actions, codes and events."""

from __future__ import annotations

from pathlib import Path

from ourchat.domain.errors import ErrorCode
from ourchat.routes import CLIENT_ACTIONS
from ourchat.services.fanout import MEMBER_ADDED, MESSAGE_CREATED, THREAD_CREATED
from tests.support.asyncapi import document

PROTOCOL = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"


def test_asyncapi_lists_exactly_the_manifest_actions() -> None:
    operations = document()["operations"]
    received = {name for name, op in operations.items() if op["action"] == "receive"}
    assert received == set(CLIENT_ACTIONS)
    assert document()["asyncapi"].startswith("3.")


def test_asyncapi_error_codes_are_the_domain_codes() -> None:
    codes = document()["components"]["schemas"]["Error"]["properties"]["code"]["enum"]
    assert codes == [str(code) for code in ErrorCode]


def test_asyncapi_events_are_the_pushed_events() -> None:
    messages = document()["components"]["messages"]
    names = {messages[key]["name"] for key in ("messageCreated", "threadCreated", "memberAdded")}
    assert names == {MESSAGE_CREATED, THREAD_CREATED, MEMBER_ADDED}


def test_protocol_md_documents_every_action_and_code() -> None:
    text = PROTOCOL.read_text(encoding="utf-8")
    for action in CLIENT_ACTIONS:
        assert f"| `{action}` |" in text, action
    for code in ErrorCode:
        assert f"| `{code}` |" in text, code
