"""The child's side of a benchmark server: start it, log its URL, serve until told to stop.

Every server of the harness (chat_server, raw_server, moto_server, sink_server) runs as
`python -m benchmarks.serve_child MODULE:FUNCTION [ARGS...]` under a ServerProcess, which
reads the READY line from the child's log and stops it with SIGINT. FUNCTION(*ARGS) starts
the server in the background and returns its URL and a function that stops it.
"""

from __future__ import annotations

import importlib
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Sequence
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


def python_server(name: str, target: str, log_path: Path, *args: str) -> ServerProcess:
    """A (not yet launched) ServerProcess serving `target(*args)` in a child interpreter.

    Args:
        name: The server's label.
        target: `module:function`, the function starting the server (see ServerStart).
        log_path: Where the child's output goes.
        args: The function's arguments, as strings.
    """
    # The checkout is not installed: put it on the child's path, wherever the parent runs.
    paths = [str(CHECKOUT), *filter(None, [os.environ.get("PYTHONPATH")])]
    command = [sys.executable, "-m", __name__, target, *args]
    return ServerProcess(name, command, log_path, READY, {"PYTHONPATH": os.pathsep.join(paths)})


def main(argv: Sequence[str] | None = None) -> None:
    """Child process: serve `MODULE:FUNCTION ARGS...` until told to stop."""
    target, *args = sys.argv[1:] if argv is None else argv
    module, _, function = target.partition(":")
    start = getattr(importlib.import_module(module), function)
    serve_until_stopped(lambda: start(*args))


if __name__ == "__main__":
    main()
