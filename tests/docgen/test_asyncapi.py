"""The AsyncAPI document lists exactly the declared actions, events and error codes."""

from __future__ import annotations

from docgen.asyncapi import document, event_message_name
from ourchat.domain.errors import ErrorCode
from ourchat.domain.events import EVENTS
from ourchat.protocol.actions import ACTIONS, CLIENT_ACTIONS
from ourchat.routes import ROUTES


def test_operations_are_the_actions_and_the_route_manifest_has_each() -> None:
    operations = document()["operations"]
    received = {name for name, op in operations.items() if op["action"] == "receive"}
    assert received == set(CLIENT_ACTIONS) == set(ACTIONS)
    assert {route.key for route in ROUTES if not route.key.startswith("$")} == set(ACTIONS)
    assert document()["asyncapi"].startswith("3.")


def test_error_codes_are_the_domain_codes() -> None:
    codes = document()["components"]["schemas"]["Error"]["properties"]["code"]["enum"]
    assert codes == [str(code) for code in ErrorCode]


def test_every_event_has_a_message_named_after_it() -> None:
    messages = document()["components"]["messages"]
    for name in EVENTS:
        assert messages[event_message_name(name)]["name"] == name


def test_event_message_names_are_camel_case() -> None:
    assert event_message_name("message.created") == "messageCreated"
    assert event_message_name("presence.changed") == "presenceChanged"
