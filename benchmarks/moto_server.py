"""moto's DynamoDB emulator on 127.0.0.1, in a child process of its own."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from benchmarks.serve_child import python_server
from benchmarks.server_process import ServerProcess


def start_moto_server(host: str = "127.0.0.1") -> tuple[str, Callable[[], None]]:
    """Run moto's server on a free port; return its URL and a stop function."""
    from moto.server import ThreadedMotoServer

    # The server logs every request; that would cost more than some requests.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address=host, port=0, verbose=False)
    server.start()
    bound_host, port = server.get_host_and_port()
    return f"http://{bound_host}:{port}", server.stop


def moto_server(log_path: Path) -> ServerProcess:
    """moto in a child process (not yet launched)."""
    return python_server("moto", "benchmarks.moto_server:start_moto_server", log_path)
