"""moto's DynamoDB emulator on 127.0.0.1, in a child process of its own."""

from __future__ import annotations

import logging
from collections.abc import Callable
from multiprocessing.connection import Connection

from benchmarks.children import redirect_output, serve_until_told


def start_moto_server(host: str = "127.0.0.1") -> tuple[str, Callable[[], None]]:
    """Run moto's server on a free port; return its URL and a stop function."""
    from moto.server import ThreadedMotoServer

    # The server logs every request; that would cost more than some requests.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address=host, port=0, verbose=False)
    server.start()
    bound_host, port = server.get_host_and_port()
    return f"http://{bound_host}:{port}", server.stop


def serve_moto_in_child(conn: Connection, log_path: str | None = None) -> None:
    """Child-process target: run moto until told to stop."""
    redirect_output(log_path)
    serve_until_told(conn, start_moto_server)
