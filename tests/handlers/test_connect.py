"""The $connect handler: 200 accepted, 403 for a refused identity, 500 for a store outage."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from ourchat.bootstrap import Dependencies
from ourchat.domain.errors import InternalError
from ourchat.domain.models import Connection
from ourchat.handlers import connect
from tests.support.fakes import FakePusher, FakeStore, SteppingClock


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


def run_connect(store: FakeStore, event: dict[str, Any]) -> Any:
    """Run the $connect handler with the fake store."""
    deps = Dependencies(store=store, pusher=FakePusher(), clock=SteppingClock())
    return connect.handler.bind(deps)(event, None)


def connect_event(user_id: str, user_name: str = "Ann") -> dict[str, Any]:
    return {
        "requestContext": {
            "routeKey": "$connect",
            "eventType": "CONNECT",
            "connectionId": uuid.uuid4().hex[:12] + "=",
            "requestId": uuid.uuid4().hex,
            "authorizer": {"principalId": user_id, "userId": user_id, "userName": user_name},
        }
    }


def test_a_new_user_is_created_and_the_connection_registered(store: FakeStore) -> None:
    event = connect_event("ann")
    assert run_connect(store, event) == {"statusCode": 200}
    user = store.get_user("ann")
    assert user is not None
    assert user.user_name == "Ann"
    assert ("ann", event["requestContext"]["connectionId"]) in store.connections


def test_a_malformed_identity_is_refused_with_403(store: FakeStore) -> None:
    assert run_connect(store, connect_event("has spaces")) == {"statusCode": 403}
    assert store.connections == {}


def test_a_store_outage_is_a_500_not_a_refusal(
    store: FakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fault the fake cannot produce by itself: the store is unavailable.
    def unavailable(connection: Connection) -> None:
        raise InternalError("the store is unavailable; try again")

    monkeypatch.setattr(store, "put_connection", unavailable)
    assert run_connect(store, connect_event("ann")) == {"statusCode": 500}
