"""The child's side of a benchmark server: start it, log its URL, serve until told to stop.

Each server module of the harness (chat_server, raw_server, moto_server, sink_server) runs
as `python -m benchmarks.<module>` under a ServerProcess, which reads the READY line from
the child's log and stops it with SIGINT.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from benchmarks.server_process import ServerProcess

READY = re.compile(r"^serving (\S+)\n", re.MULTILINE)
"""The line a child logs once it serves; its group is the URL."""
PARENT_CHECK_SECONDS = 1.0
CHECKOUT = Path(__file__).resolve().parent.parent

ServerStart = Callable[[], tuple[str, Callable[[], None]]]
"""Starts a server in the background; returns its URL and a function that stops it."""


def serve_until_stopped(start: ServerStart) -> None:
    """Start a server, log its URL, and stop it on SIGINT or SIGTERM, or when the parent goes."""
    stopping = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stopping.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, on_signal)
    parent = os.getppid()
    url, stop = start()
    print(f"serving {url}", flush=True)
    try:
        # A parent that died without stopping us is noticed within a second.
        while not stopping.wait(PARENT_CHECK_SECONDS) and os.getppid() == parent:
            pass
    finally:
        stop()


def python_server(name: str, module: str, log_path: Path, *args: str) -> ServerProcess:
    """A (not yet launched) ServerProcess running `python -m module args` of this checkout.

    Args:
        name: The server's label.
        module: A module whose `main` calls `serve_until_stopped`.
        log_path: Where the child's output goes.
        args: The module's command-line arguments.
    """
    # The checkout is not installed: put it on the child's path, wherever the parent runs.
    paths = [str(CHECKOUT), *filter(None, [os.environ.get("PYTHONPATH")])]
    command = [sys.executable, "-m", module, *args]
    return ServerProcess(name, command, log_path, READY, {"PYTHONPATH": os.pathsep.join(paths)})
