"""Fixtures of the gateway tests: the anyio backend and a shared gateway server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ourchat.gateway import GatewayServer
from tests.support.gateway import running_gateway


@pytest.fixture
def anyio_backend() -> str:
    """Run the async tests on asyncio, the loop uvicorn uses."""
    return "asyncio"


@pytest.fixture(scope="module")
def server() -> Iterator[GatewayServer]:
    """A gateway of the sample manifest with the sample authorizer and default limits."""
    with running_gateway() as running:
        yield running


@pytest.fixture(params=[True, False], ids=["in-protocol", "asgi"])
def both_paths_server(request: pytest.FixtureRequest) -> Iterator[GatewayServer]:
    """The sample gateway, answering @connections in uvicorn's protocol or through ASGI."""
    with running_gateway(fast_http=request.param) as running:
        yield running
