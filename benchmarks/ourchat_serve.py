"""`ourchat serve` itself in a child process, as a user runs it: the soak and crash tests' server.

It runs on this interpreter (so the venv's `ourchat`), on a free port of 127.0.0.1, and can be
stopped with Ctrl-C (SIGINT), killed with SIGKILL, restarted on the same data directory, and
measured (CPU, resident memory) through its ServerProcess.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from benchmarks.server_process import ServerProcess

OURCHAT = (sys.executable, "-m", "ourchat.cli.main")
"""How to run the `ourchat` command: this interpreter, so the venv's package."""
WS_URL = re.compile(r"WebSocket\s*:\s*(ws://127\.0\.0\.1:\d+/dev)")
"""The stage's URL in what `ourchat serve` prints once it is ready."""


def ourchat_serve(
    data_dir: Path,
    log_path: Path,
    extra_args: tuple[str, ...] = (),
    env: Mapping[str, str] | None = None,
) -> ServerProcess:
    """`ourchat serve --port 0` on a data directory (not yet launched).

    Args:
        data_dir: The server's data directory.
        log_path: Where the server's stdout and stderr go (appended to).
        extra_args: More `ourchat serve` options, e.g. ("--pusher", "inprocess").
        env: Extra environment variables, e.g. {"OURCHAT_LOG_LEVEL": "WARNING"}.
    """
    command = [*OURCHAT, "serve", "--port", "0", "--data-dir", str(data_dir), *extra_args]
    return ServerProcess("ourchat serve", command, log_path, WS_URL, env)


@contextmanager
def serve_process(
    data_dir: Path,
    log_path: Path,
    extra_args: tuple[str, ...] = (),
    env: Mapping[str, str] | None = None,
) -> Iterator[ServerProcess]:
    """Run `ourchat serve` for the duration of a block; kill it on the way out if still up.

    Raises:
        ServerFailed: The server exited, or printed no URL, within START_SECONDS.
    """
    server = ourchat_serve(data_dir, log_path, extra_args, env).start()
    try:
        yield server
    finally:
        server.kill()
