"""Fixtures of the end-to-end tests: the complete local chat on a free port."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ourchat.gateway.config import GatewayConfig
from ourchat.local.server import STATIC_DIR, LocalChat, LocalOptions

ChatFactory = Callable[..., LocalChat]


@pytest.fixture
def make_local_chat(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[ChatFactory]:
    """Start local chats; `store="dynamodb"` runs on the session's moto server."""
    started: list[LocalChat] = []

    def make(
        store: str = "sqlite", pusher: str = "http", gateway: GatewayConfig | None = None
    ) -> LocalChat:
        endpoint = request.getfixturevalue("moto_endpoint") if store == "dynamodb" else None
        options = LocalOptions(
            data_dir=tmp_path / f"data-{len(started)}",
            store=store,  # type: ignore[arg-type]
            dynamodb_endpoint=endpoint,
            pusher=pusher,  # type: ignore[arg-type]
            table_prefix=f"e2e{uuid.uuid4().hex[:8]}-",
            gateway=gateway or GatewayConfig(static_dir=STATIC_DIR),
        )
        chat = LocalChat(options)
        chat.start()
        started.append(chat)
        return chat

    yield make
    for chat in started:
        chat.stop()


@pytest.fixture
def local_chat(make_local_chat: ChatFactory) -> LocalChat:
    """The local chat on SQLite with the HTTP management-API pusher, as `make serve` runs it."""
    return make_local_chat()


@pytest.fixture(
    params=[
        pytest.param(("sqlite", "http"), id="sqlite-http"),
        pytest.param(("sqlite", "inprocess"), id="sqlite-inprocess"),
        pytest.param(("dynamodb", "http"), id="dynamodb-http"),
    ]
)
def any_chat(make_local_chat: ChatFactory, request: pytest.FixtureRequest) -> LocalChat:
    """The local chat on each store and with each pusher."""
    store, pusher = request.param
    return make_local_chat(store, pusher)
