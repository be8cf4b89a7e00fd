"""Servers in child processes, so that they do not share the bench process's event loop or GIL.

A child runs a target `target(conn, *args)` that starts a server, sends `("ready", url)` on
the pipe (or `("failed", text)`), and serves until it receives anything on the pipe.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import traceback
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any

START_SECONDS = 60.0
STOP_SECONDS = 30.0
_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")

ServerStart = Callable[[], tuple[str, Callable[[], None]]]
"""Starts a server in the background; returns its URL and a function that stops it."""


class ChildFailed(RuntimeError):
    """A child server did not start."""


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


def redirect_output(log_path: str | None) -> None:
    """Send this process's stdout and stderr (file descriptors 1 and 2) to a log file."""
    if log_path is None:
        return
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)


def serve_until_told(conn: Connection, start: ServerStart) -> None:
    """Start a server, report its URL, and stop it when the parent says so (or goes away)."""
    try:
        url, stop = start()
    except Exception:
        conn.send(("failed", traceback.format_exc()))
        return
    conn.send(("ready", url))
    try:
        conn.recv()
    except EOFError:
        pass  # the parent is gone; stop anyway
    finally:
        stop()


def process_cpu_seconds(pid: int) -> float:
    """Return the user + system CPU seconds a process has used (all its threads), from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    # Fields after the command: state is index 0, utime 11, stime 12 (man 5 proc).
    return (int(fields[11]) + int(fields[12])) / _TICKS_PER_SECOND


class ChildServer:
    """A server in a spawned child process, used as a context manager.

    Args:
        name: A label for errors and progress.
        target: A picklable top-level function `target(conn, *args)`.
        args: Its further arguments (picklable).
    """

    def __init__(self, name: str, target: Callable[..., None], *args: Any) -> None:
        self.name = name
        context = multiprocessing.get_context("spawn")
        self._conn, child_conn = context.Pipe()
        self._process = context.Process(
            target=target, args=(child_conn, *args), name=f"bench-{name}", daemon=True
        )
        self._child_conn = child_conn
        self._stopped = False
        self.url = ""

    @property
    def pid(self) -> int:
        """The child's process id.

        Raises:
            RuntimeError: The child has not been started.
        """
        pid = self._process.pid
        if pid is None:
            raise RuntimeError(f"{self.name} has not been started")
        return pid

    def cpu_seconds(self) -> float:
        """CPU seconds the child has used so far."""
        return process_cpu_seconds(self.pid)

    def launch(self) -> None:
        """Start the child process without waiting for it to serve."""
        self._process.start()
        self._child_conn.close()

    def wait_ready(self) -> ChildServer:
        """Wait until the launched child serves.

        Raises:
            ChildFailed: The child reported a failure, died, or was not ready in time.
        """
        if not self._conn.poll(START_SECONDS):
            self.stop()
            raise ChildFailed(f"{self.name} did not start within {START_SECONDS:.0f} s")
        try:
            status, detail = self._conn.recv()
        except EOFError as error:
            self.stop()
            raise ChildFailed(f"{self.name} exited while starting") from error
        if status != "ready":
            self.stop()
            raise ChildFailed(f"{self.name} failed to start:\n{detail}")
        self.url = str(detail)
        return self

    def start(self) -> ChildServer:
        """Start the child and wait until it serves (see `wait_ready`)."""
        self.launch()
        return self.wait_ready()

    def stop(self) -> None:
        """Ask the child to stop; kill it if it has not exited in time."""
        if self._process.pid is None or self._stopped:
            return
        self._stopped = True
        with contextlib.suppress(BrokenPipeError, OSError):
            self._conn.send("stop")
        self._process.join(STOP_SECONDS)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(5)
        self._conn.close()

    def __enter__(self) -> ChildServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def start_all(stack: ExitStack, children: Sequence[ChildServer]) -> None:
    """Start children side by side (their imports overlap) and stop them when `stack` closes.

    Raises:
        ChildFailed: A child did not start; the others are stopped with the stack.
    """
    for child in children:
        stack.callback(child.stop)
        child.launch()
    for child in children:
        child.wait_ready()
