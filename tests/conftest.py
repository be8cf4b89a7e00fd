"""Fixtures shared by the suites: the anyio backend, moto's DynamoDB server on 127.0.0.1, stores.

The server is started once per session on a port the OS picks; each test gets its own
tables under a random prefix, so tests never see each other's items. Credentials are dummy
values passed to the client, so neither the developer's AWS setup nor the network is used.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from moto.server import ThreadedMotoServer
from mypy_boto3_dynamodb import DynamoDBClient

from benchmarks.moto_server import one_request_at_a_time
from ourchat.adapters.dynamodb.provision import create_tables
from ourchat.adapters.dynamodb.store import DynamoDbStore
from ourchat.adapters.dynamodb.tables import ALL_TABLES
from ourchat.gateway.config import GatewayConfig
from ourchat.local.server import STATIC_DIR, LocalChat, LocalOptions
from ourchat.settings import DEFAULT_HANDOFF_THRESHOLD
from tests.support.local_chats import ChatFactory
from tests.support.moto import moto_client


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    """Async tests (marked anyio) run on asyncio."""
    return "asyncio"


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """Run moto's server on 127.0.0.1 for the session and yield its URL."""
    # The server logs every request at INFO; failing tests' reports would drown in it.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # Port 0: the OS picks a free port when the server binds, so there is no race for it.
    one_request_at_a_time()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def dynamodb_client(moto_endpoint: str) -> DynamoDBClient:
    """A fresh DynamoDB client for moto's server (event hooks registered on it stay local)."""
    return moto_client(moto_endpoint)


@pytest.fixture
def dynamodb_table_names(dynamodb_client: DynamoDBClient) -> Iterator[dict[str, str]]:
    """Create every table under a random prefix; yield logical to physical names; drop them."""
    prefix = f"t{uuid.uuid4().hex[:8]}-"
    names = {table.logical_name: prefix + table.logical_name for table in ALL_TABLES}
    create_tables(dynamodb_client, names)
    yield names
    for name in names.values():
        dynamodb_client.delete_table(TableName=name)


@pytest.fixture
def dynamodb_store(
    dynamodb_client: DynamoDBClient, dynamodb_table_names: dict[str, str]
) -> DynamoDbStore:
    """A DynamoDbStore on fresh tables of moto's server."""
    return DynamoDbStore(dynamodb_client, dynamodb_table_names)


@pytest.fixture
def make_local_chat(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[ChatFactory]:
    """Start local chats; `store="dynamodb"` runs on the session's moto server."""
    started: list[LocalChat] = []

    def make(
        store: str = "sqlite",
        pusher: str = "http",
        gateway: GatewayConfig | None = None,
        handoff_threshold: int = DEFAULT_HANDOFF_THRESHOLD,
    ) -> LocalChat:
        endpoint = request.getfixturevalue("moto_endpoint") if store == "dynamodb" else None
        options = LocalOptions(
            data_dir=tmp_path / f"data-{len(started)}",
            store=store,  # type: ignore[arg-type]
            dynamodb_endpoint=endpoint,
            pusher=pusher,  # type: ignore[arg-type]
            table_prefix=f"e2e{uuid.uuid4().hex[:8]}-",
            gateway=gateway or GatewayConfig(static_dir=STATIC_DIR),
            handoff_threshold=handoff_threshold,
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
