"""Worker threads for handler invocations: one cheap hop there, one cheap hop back.

Each invocation is a job on a `queue.SimpleQueue` (a C lock, no Condition) taken by one of
at most `max_workers` daemon threads, and its result comes back to the event loop with one
`call_soon_threadsafe`. anyio's `to_thread.run_sync`, used before, cost about a seventh of
the gateway's event-loop time at saturation (capacity limiter, cancel scopes, a
`queue.Queue` and a concurrent future per call). Threads are daemons: a handler abandoned
after the integration timeout runs on, as a Lambda would, without holding up the process's
exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any

Job = tuple[Callable[[], Any], asyncio.AbstractEventLoop, "asyncio.Future[Any]"]


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():  # the caller gave up on it (timeout, cancellation)
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class WorkerPool:
    """Runs blocking calls in daemon threads, at most `max_workers` at a time.

    Args:
        max_workers: Calls that run at once; later ones wait for a free thread.
        name: The threads' name prefix.
    """

    def __init__(self, max_workers: int, name: str = "ourchat-handler") -> None:
        self._max_workers = max_workers
        self._name = name
        self._jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = 0
        self._pending = 0  # calls submitted and not finished

    def run(self, call: Callable[[], Any]) -> asyncio.Future[Any]:
        """Start `call` in a worker thread; return the future of its result, on this loop."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        with self._lock:
            self._pending += 1
            if self._pending > self._threads < self._max_workers:
                self._threads += 1
                threading.Thread(
                    target=self._work, name=f"{self._name}-{self._threads}", daemon=True
                ).start()
        self._jobs.put((call, loop, future))
        return future

    def _work(self) -> None:
        while True:
            call, loop, future = self._jobs.get()
            result: Any = None
            error: BaseException | None = None
            try:
                result = call()
            except BaseException as raised:  # handed to the awaiting coroutine
                error = raised
            with self._lock:
                self._pending -= 1
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
                loop.call_soon_threadsafe(_settle, future, result, error)
