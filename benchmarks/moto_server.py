"""moto's DynamoDB emulator on 127.0.0.1, in a child process of its own."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.serve_child import python_server
from benchmarks.server_process import ServerProcess

_REQUESTS = threading.Lock()


def one_request_at_a_time() -> None:
    """Make moto's DynamoDB answer one request at a time, as DynamoDB applies each atomically.

    moto's server serves requests on many threads, and its DynamoDB backend takes no lock: two
    TransactWriteItems racing on one item could both pass their conditions, which DynamoDB
    never allows. Serializing the requests restores that (idempotent: patches once).
    """
    from moto.dynamodb.responses import DynamoHandler

    if getattr(DynamoHandler.call_action, "serialized", False):
        return
    unlocked = DynamoHandler.call_action

    def call_action(self: DynamoHandler) -> Any:
        with _REQUESTS:
            return unlocked(self)

    call_action.serialized = True  # type: ignore[attr-defined]
    DynamoHandler.call_action = call_action  # type: ignore[method-assign]


def start_moto_server(host: str = "127.0.0.1") -> tuple[str, Callable[[], None]]:
    """Run moto's server on a free port; return its URL and a stop function."""
    from moto.server import ThreadedMotoServer

    # The server logs every request; that would cost more than some requests.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    one_request_at_a_time()
    server = ThreadedMotoServer(ip_address=host, port=0, verbose=False)
    server.start()
    bound_host, port = server.get_host_and_port()
    return f"http://{bound_host}:{port}", server.stop


def moto_server(log_path: Path) -> ServerProcess:
    """moto in a child process (not yet launched)."""
    return python_server("moto", "benchmarks.moto_server:start_moto_server", log_path)
