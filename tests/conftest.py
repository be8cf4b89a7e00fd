"""Fixtures shared by the suites: the anyio backend, moto's DynamoDB server on 127.0.0.1, stores.

The server is started once per session on a port the OS picks; each test gets its own
tables under a random prefix, so tests never see each other's items. Credentials are dummy
values passed to the client, so neither the developer's AWS setup nor the network is used.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator

import pytest
from moto.server import ThreadedMotoServer
from mypy_boto3_dynamodb import DynamoDBClient

from ourchat.adapters.dynamodb.client import make_dynamodb_client
from ourchat.adapters.dynamodb.provision import create_tables
from ourchat.adapters.dynamodb.store import DynamoDbStore
from ourchat.adapters.dynamodb.tables import ALL_TABLES

MOTO_REGION = "us-east-1"
DUMMY_CREDENTIAL = "testing"


def moto_client(endpoint: str, *, max_attempts: int = 3) -> DynamoDBClient:
    """Return a DynamoDB client for moto's server, with dummy credentials."""
    return make_dynamodb_client(
        endpoint,
        MOTO_REGION,
        max_attempts=max_attempts,
        access_key_id=DUMMY_CREDENTIAL,
        secret_access_key=DUMMY_CREDENTIAL,
    )


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
