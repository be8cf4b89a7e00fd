"""A server in a child process, started from a command line and ready once it logs its URL.

One class for every server the harness runs: `ourchat serve` itself (the soak and the crash
tests), the benchmark's LocalChat configurations, the raw baseline, moto and the
@connections sink. The child writes its stdout and stderr straight into a log file, so a
chatty server never blocks on a pipe and costs the measuring process nothing; the parent
reads the URL back from that log.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType

from benchmarks import procfs

START_SECONDS = 60.0
STOP_SECONDS = 30.0
POLL_SECONDS = 0.05
LOG_TAIL_BYTES = 2000


class ServerFailed(RuntimeError):
    """A child server exited, or logged no URL, before it was ready."""


class ServerProcess:
    """A server in a child process; as a context manager, started and then closed.

    Args:
        name: A label for errors and progress.
        command: The command line; the server must log a line that `ready` matches.
        log_path: The file (appended to) that gets the child's stdout and stderr.
        ready: A pattern whose first group is the URL, e.g. `serving (\\S+)\\n`.
        env: Environment variables to set on top of this process's.
    """

    def __init__(
        self,
        name: str,
        command: Sequence[str],
        log_path: Path,
        ready: re.Pattern[str],
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.command = list(command)
        self.log_path = log_path
        self.ready = ready
        self.env = {**os.environ, **(env or {})}
        self.url = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._log_start = 0

    @property
    def pid(self) -> int:
        """The child's process id.

        Raises:
            RuntimeError: The child has not been launched.
        """
        if self._process is None:
            raise RuntimeError(f"{self.name} has not been launched")
        return self._process.pid

    def cpu_seconds(self) -> float:
        """CPU seconds the child has used so far."""
        return procfs.cpu_seconds(self.pid)

    def rss_kib(self) -> int:
        """The child's resident memory now, in KiB."""
        return procfs.rss_kib(self.pid)

    def peak_rss_kib(self) -> int:
        """The child's peak resident memory so far, in KiB."""
        return procfs.peak_rss_kib(self.pid)

    def launch(self) -> None:
        """Start the child without waiting for it to serve."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            # A log shared by several runs (a restart) is read only from this run's start.
            self._log_start = log.tell()
            self._process = subprocess.Popen(  # noqa: S603 - our own commands
                self.command, stdout=log, stderr=subprocess.STDOUT, env=self.env
            )

    def wait_ready(self, timeout: float = START_SECONDS) -> ServerProcess:
        """Wait until the launched child logs its URL.

        Raises:
            ServerFailed: The child exited, or logged no URL within `timeout` seconds.
        """
        assert self._process is not None, "launch() first"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if match := self.ready.search(self._log_text()):
                self.url = match.group(1)
                return self
            if self._process.poll() is not None:
                raise ServerFailed(f"{self.name} exited while starting:\n{self._log_tail()}")
            time.sleep(POLL_SECONDS)
        self.close()
        raise ServerFailed(f"{self.name} did not start within {timeout:.0f} s; see {self.log_path}")

    def start(self, timeout: float = START_SECONDS) -> ServerProcess:
        """Launch the child and wait until it serves (see `wait_ready`)."""
        self.launch()
        return self.wait_ready(timeout)

    def stop(self, timeout: float = STOP_SECONDS) -> int:
        """Stop the child as Ctrl-C does (SIGINT) and return its exit code.

        Raises:
            subprocess.TimeoutExpired: The child was still running after `timeout` seconds.
        """
        assert self._process is not None, "launch() first"
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGINT)
        return self._process.wait(timeout=timeout)

    def kill(self) -> None:
        """SIGKILL the child: no shutdown, no $disconnect, no flush."""
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait(timeout=STOP_SECONDS)

    def close(self) -> None:
        """Stop the child if it was launched, killing it if it does not stop in time."""
        if self._process is None:
            return
        try:
            self.stop()
        except subprocess.TimeoutExpired:
            self.kill()

    def _log_text(self) -> str:
        with self.log_path.open("rb") as log:
            log.seek(self._log_start)
            return log.read().decode("utf-8", "replace")

    def _log_tail(self) -> str:
        return self._log_text()[-LOG_TAIL_BYTES:]

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def start_all(stack: ExitStack, servers: Sequence[ServerProcess]) -> None:
    """Start servers side by side (their imports overlap); close them when `stack` closes.

    Raises:
        ServerFailed: A server did not start; the others are closed with the stack.
    """
    for server in servers:
        stack.callback(server.close)
        server.launch()
    for server in servers:
        server.wait_ready()


def raise_open_files_limit(wanted: int = 65_536) -> int:
    """Raise this process's soft limit of open files towards `wanted`; return the new limit.

    Children inherit the limit, so call it before starting them.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        return target
    return soft
