"""`ourchat serve` in a child process that a test can kill, restart and measure.

Unlike tests/cli's `running_server`, the child's output is drained by a thread into a log
file (a busy server would otherwise block on a full pipe), and the process can be killed
with SIGKILL or have its peak memory read from /proc.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

OURCHAT = [sys.executable, "-m", "ourchat.cli.main"]
"""How tests run the `ourchat` command: this interpreter, so the venv's package."""
START_SECONDS = 30
"""The bound on a server's start, in seconds."""

_WS_URL = re.compile(r"WebSocket\s*:\s*(ws://127\.0\.0\.1:\d+/dev)")


class ServeProcess:
    """A running `ourchat serve --port 0`.

    Args:
        data_dir: The server's data directory.
        log_path: Where the server's stdout and stderr go.
        extra_args: More `ourchat serve` options, e.g. ("--pusher", "inprocess").
        env: Extra environment variables, e.g. {"OURCHAT_LOG_LEVEL": "WARNING"}.

    Raises:
        RuntimeError: The server exited or printed no URL within START_SECONDS.
    """

    def __init__(
        self,
        data_dir: Path,
        log_path: Path,
        extra_args: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
    ) -> None:
        self.process = subprocess.Popen(
            [*OURCHAT, "serve", "--port", "0", "--data-dir", str(data_dir), *extra_args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, **(env or {})},
        )
        self._ready = threading.Event()
        self._url: str | None = None
        self._drain = threading.Thread(target=self._copy_output, args=(log_path,), daemon=True)
        self._drain.start()
        if not self._ready.wait(START_SECONDS) or self._url is None:
            self.kill()
            raise RuntimeError(f"ourchat serve did not start; see {log_path}")

    def _copy_output(self, log_path: Path) -> None:
        assert self.process.stdout is not None
        with log_path.open("a", encoding="utf-8") as log:
            for line in self.process.stdout:
                log.write(line)
                if self._url is None and (match := _WS_URL.search(line)):
                    self._url = match.group(1)
                    self._ready.set()
        self._ready.set()  # the process ended: stop any wait for the URL

    @property
    def ws_url(self) -> str:
        """The stage's WebSocket URL, e.g. ws://127.0.0.1:PORT/dev."""
        assert self._url is not None
        return self._url

    @property
    def pid(self) -> int:
        """The server's process id."""
        return self.process.pid

    def peak_rss_kib(self) -> int:
        """The server's peak resident memory so far (VmHWM), in KiB."""
        return _status_kib(self.pid, "VmHWM")

    def rss_kib(self) -> int:
        """The server's resident memory now (VmRSS), in KiB."""
        return _status_kib(self.pid, "VmRSS")

    def kill(self) -> None:
        """SIGKILL the server: no shutdown, no $disconnect, no flush."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=START_SECONDS)
        self._drain.join(timeout=START_SECONDS)

    def stop(self, timeout: float = START_SECONDS) -> int:
        """Stop the server with Ctrl-C (SIGINT) and return its exit code.

        Raises:
            subprocess.TimeoutExpired: The server was still running after `timeout` seconds.
        """
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=timeout)
        self._drain.join(timeout=START_SECONDS)
        return code


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(f"/proc/{pid}/status has no {field}")


@contextmanager
def serve_process(
    data_dir: Path,
    log_path: Path,
    extra_args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> Iterator[ServeProcess]:
    """Run `ourchat serve` for the duration of a block; kill it on the way out if still up."""
    server = ServeProcess(data_dir, log_path, extra_args, env)
    try:
        yield server
    finally:
        server.kill()
