"""`ourchat serve` in a child process that a browser test can SIGKILL and start again on the
same port and data directory, as a crash and a restart would: a page loaded from that port
reconnects to the new process by itself, on its own origin.

While it is down, `elsewhere()` runs another `ourchat serve` on the same data directory (on a
port of its own): the chat goes on there, as it does on AWS while one client's connection is
lost, and the page must catch up with what it missed once it is back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.ourchat_serve import ourchat_serve, serve_process
from benchmarks.server_process import ServerProcess
from ourchat.cli.token import local_token

_PORT = re.compile(r":(\d+)/")


class RestartableServer:
    """`ourchat serve` on SQLite in `data_dir`: started on a free port, then always that one."""

    def __init__(self, data_dir: Path, log_path: Path) -> None:
        self.data_dir = data_dir
        self.log_path = log_path
        self.port = 0
        self._process: ServerProcess | None = None

    def start(self) -> None:
        """Start serving (on the port of the first start, once there was one)."""
        process = ourchat_serve(self.data_dir, self.log_path, ("--port", str(self.port)))
        process.start()
        self._process = process
        found = _PORT.search(process.url)
        assert found is not None, process.url
        self.port = int(found.group(1))

    def kill(self) -> None:
        """SIGKILL the server: no shutdown, no $disconnect; its sockets just drop."""
        if self._process is not None:
            self._process.kill()
            self._process = None

    @property
    def ws_url(self) -> str:
        """The stage's WebSocket URL, e.g. ws://127.0.0.1:8000/dev."""
        return f"ws://127.0.0.1:{self.port}/dev"

    @property
    def http_url(self) -> str:
        """The web client's URL."""
        return f"http://127.0.0.1:{self.port}"

    def token_for(self, user_id: str, user_name: str | None = None) -> str:
        """A token that this server (any server on its data directory) accepts."""
        return local_token(self.data_dir, user_id, user_name)

    @contextmanager
    def elsewhere(self) -> Iterator[str]:
        """Another `ourchat serve` on the same data, for the block; yields its WebSocket URL."""
        assert self._process is None, "kill() first: one server on the data at a time"
        with serve_process(self.data_dir, self.log_path) as other:
            yield other.url


@contextmanager
def restartable_server(tmp_path: Path) -> Iterator[RestartableServer]:
    """A RestartableServer, started; killed when the block ends."""
    server = RestartableServer(tmp_path / "data", tmp_path / "serve.log")
    server.start()
    try:
        yield server
    finally:
        server.kill()
