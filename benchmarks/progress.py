"""Progress lines on stderr: plain text, no terminal control, throttled to about one a second."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


class Progress:
    """Prints what the benchmark is doing, with the time elapsed since the run began.

    Args:
        stream: Where lines go (stderr by default, so a report on stdout stays clean).
        interval: Least seconds between two `update` lines of the same task.
        clock: A monotonic clock in seconds.
    """

    def __init__(
        self,
        stream: TextIO | None = None,
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._interval = interval
        self._clock = clock
        self._started = clock()
        self._last_update = -float("inf")

    def elapsed(self) -> float:
        """Seconds since the progress began."""
        return self._clock() - self._started

    def line(self, text: str) -> None:
        """Print one line now."""
        minutes, seconds = divmod(int(self.elapsed()), 60)
        self._stream.write(f"[bench {minutes:02d}:{seconds:02d}] {text}\n")
        self._stream.flush()

    def stage(self, title: str) -> None:
        """Announce a new stage of the run."""
        self._last_update = -float("inf")
        self.line(f"== {title}")

    def update(self, task: str, done: int, total: int, detail: str = "") -> None:
        """Report how far a task is, at most once per interval (and always when it ends)."""
        now = self._clock()
        if done < total and now - self._last_update < self._interval:
            return
        self._last_update = now
        suffix = f"  {detail}" if detail else ""
        self.line(f"   {task}: {done}/{total}{suffix}")
