"""Gateway construction from a route manifest."""

from __future__ import annotations

import http.client

import pytest
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route as StarletteRoute

from ourchat.gateway import Gateway, GatewayServer
from ourchat.routes import Route
from tests.support.gateway import AUTHORIZER, SAMPLES, sample_routes


def test_a_manifest_with_a_duplicate_key_is_refused() -> None:
    routes = [*sample_routes(), Route("echo", f"{SAMPLES}.whoami")]

    with pytest.raises(ValueError, match="duplicate route key 'echo'"):
        Gateway(routes, AUTHORIZER)


def test_a_route_whose_module_is_missing_fails_at_construction() -> None:
    with pytest.raises(ImportError):
        Gateway([Route("gone", f"{SAMPLES}.no_such_module")], None)


def test_an_authorizer_path_that_names_no_function_is_refused() -> None:
    with pytest.raises(ValueError, match="not a callable"):
        Gateway(sample_routes(), f"{SAMPLES}.authorizer.nothing")


def test_an_api_without_lifecycle_routes_is_valid() -> None:
    gateway = Gateway([Route("echo", f"{SAMPLES}.echo")], None)

    assert gateway.connection_count == 0
    assert gateway.config.stage == "dev"


def test_extra_routes_are_served_beside_the_stage() -> None:
    async def hello(_: Request) -> Response:
        return PlainTextResponse("hello")

    gateway = Gateway(sample_routes(), AUTHORIZER, extra_routes=[StarletteRoute("/hello", hello)])
    with GatewayServer(gateway) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        try:
            connection.request("GET", "/hello")
            response = connection.getresponse()
            assert (response.status, response.read()) == (200, b"hello")
        finally:
            connection.close()
