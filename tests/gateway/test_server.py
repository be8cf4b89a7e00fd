"""GatewayServer: background and foreground serving, shutdown, and the static site."""

from __future__ import annotations

import http.client
import os
import signal
import sys
from pathlib import Path

import anyio
import pytest
from anyio.streams.buffered import BufferedByteReceiveStream

from ourchat.gateway import Gateway, GatewayConfig, GatewayServer
from tests.support.gateway import (
    AUTHORIZER,
    WAIT,
    client_url,
    closed_with,
    in_thread,
    open_client,
    running_gateway,
    sample_routes,
    whoami,
)

pytestmark = pytest.mark.anyio

REPO_ROOT = Path(__file__).resolve().parents[2]
FOREGROUND_SCRIPT = """
import asyncio
from ourchat.gateway import Gateway, GatewayServer
from tests.support.gateway import AUTHORIZER, sample_routes

server = GatewayServer(Gateway(sample_routes(), AUTHORIZER))
asyncio.run(server.serve_forever(lambda started: print(started.port, flush=True)))
print("stopped", flush=True)
"""


def http_get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_urls_name_the_bound_port_and_stage() -> None:
    gateway = Gateway(sample_routes(), AUTHORIZER, GatewayConfig(stage="prod"))
    server = GatewayServer(gateway)
    with pytest.raises(RuntimeError, match="not been started"):
        _ = server.port

    with server:
        assert server.port > 0
        assert server.ws_url == f"ws://127.0.0.1:{server.port}/prod"
        assert server.http_url == f"http://127.0.0.1:{server.port}"
        assert server.management_url == f"http://127.0.0.1:{server.port}/prod"
        with pytest.raises(RuntimeError, match="already running"):
            server.start()
    server.stop()


def test_post_to_connection_needs_a_running_gateway() -> None:
    gateway = Gateway(sample_routes(), AUTHORIZER)

    with pytest.raises(RuntimeError, match="not running"):
        gateway.post_to_connection("Zm9vYmFyYmF6cXU=", b"x")


async def test_serves_the_static_site(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<h1>ourchat</h1>", encoding="utf-8")
    (tmp_path / "app.js").write_text("console.log(1)", encoding="utf-8")
    with running_gateway(GatewayConfig(static_dir=tmp_path)) as server:
        assert await in_thread(lambda: http_get(server.port, "/")) == (200, b"<h1>ourchat</h1>")
        assert await in_thread(lambda: http_get(server.port, "/static/app.js")) == (
            200,
            b"console.log(1)",
        )
        assert (await in_thread(lambda: http_get(server.port, "/static/nope.js")))[0] == 404
        async with open_client(client_url(server)) as ws:
            assert (await whoami(ws))["requestContext"]["stage"] == "dev"


async def test_without_a_static_dir_there_is_no_site(server: GatewayServer) -> None:
    assert (await in_thread(lambda: http_get(server.port, "/")))[0] == 404


@pytest.mark.parametrize("exit_signal", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
async def test_serve_forever_returns_on_a_signal_after_closing_connections(
    exit_signal: signal.Signals,
) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    command = [sys.executable, "-c", FOREGROUND_SCRIPT]
    async with await anyio.open_process(command, cwd=REPO_ROOT, env=env) as process:
        assert process.stdout is not None
        output = BufferedByteReceiveStream(process.stdout)
        try:
            with anyio.fail_after(15):
                port = int(await output.receive_until(b"\n", 64))
            url = f"ws://127.0.0.1:{port}/dev?token=good"
            async with open_client(url) as ws:
                await whoami(ws)
                process.send_signal(exit_signal)
                assert await closed_with(ws) == (1001, "Going away")
            with anyio.fail_after(15):
                assert await output.receive_until(b"\n", 64) == b"stopped"
                assert await process.wait() == 0
        finally:
            if process.returncode is None:
                process.kill()


async def test_a_stopped_server_starts_again_on_a_fresh_event_loop() -> None:
    server = GatewayServer(Gateway(sample_routes(), AUTHORIZER))
    for _ in range(2):
        with server:
            async with open_client(client_url(server)) as ws:
                assert (await whoami(ws))["requestContext"]["routeKey"] == "whoami"
        assert server.gateway.connection_count == 0
