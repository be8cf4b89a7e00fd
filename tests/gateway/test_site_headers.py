"""The web client's site sends its security headers: a Content-Security-Policy that no other
origin may frame and whose sockets go to the page's own origin only, nosniff, no referrer."""

from __future__ import annotations

import http.client
from pathlib import Path

import pytest

from ourchat.gateway import GatewayConfig
from ourchat.gateway.site import content_security_policy, socket_origin
from tests.support.gateway import WAIT, in_thread, running_gateway

pytestmark = pytest.mark.anyio


def http_get(port: int, path: str, host: str | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    headers = {"Host": host} if host is not None else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def directives(policy: str) -> dict[str, str]:
    """A policy's directives by name: {"connect-src": "'self' ws://..."}."""
    named = (part.partition(" ") for part in policy.split("; "))
    return {name: value for name, _, value in named}


@pytest.fixture
def static_dir(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text("<h1>ourchat</h1>", encoding="utf-8")
    (tmp_path / "app.js").write_text("console.log(1)", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("path", ["/", "/static/app.js", "/static/nope.js"])
async def test_every_answer_of_the_site_carries_the_security_headers(
    static_dir: Path, path: str
) -> None:
    with running_gateway(GatewayConfig(static_dir=static_dir)) as server:
        response = await in_thread(lambda: http_get(server.port, path))

    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["frame-ancestors"] == "'none'"
    assert policy["connect-src"] == f"'self' ws://127.0.0.1:{server.port}"
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


async def test_a_host_header_cannot_write_into_the_policy(static_dir: Path) -> None:
    with running_gateway(GatewayConfig(static_dir=static_dir)) as server:
        response = await in_thread(
            lambda: http_get(server.port, "/", host="evil.example; script-src *")
        )

    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["connect-src"] == "'self'"
    assert policy["script-src"] == "'self'"


@pytest.mark.parametrize(
    ("scheme", "host", "origin"),
    [
        ("http", "127.0.0.1:8000", "ws://127.0.0.1:8000"),
        ("https", "chat.example.com", "wss://chat.example.com"),
        ("http", "[::1]:8000", "ws://[::1]:8000"),
        ("http", "localhost", "ws://localhost"),
        ("http", "a b", None),
        ("http", "x;y", None),
        ("http", "", None),
        ("http", "host/path", None),
    ],
)
def test_the_socket_origin_is_the_pages_own_host(
    scheme: str, host: str, origin: str | None
) -> None:
    assert socket_origin(scheme, host) == origin


def test_the_policy_without_a_host_allows_the_pages_own_origin_only() -> None:
    assert directives(content_security_policy())["connect-src"] == "'self'"
