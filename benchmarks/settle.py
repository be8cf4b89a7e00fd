"""Waiting for a server to finish the work a scenario left behind (e.g. $disconnect handlers)."""

from __future__ import annotations

import asyncio
import time

from benchmarks.server_process import ServerProcess

IDLE_SHARE = 0.05
WINDOW_SECONDS = 0.25
LONGEST_WAIT_SECONDS = 20.0


async def wait_until_idle(child: ServerProcess, timeout: float = LONGEST_WAIT_SECONDS) -> bool:
    """Wait until the child uses under 5% of a core over a quarter second, or `timeout`.

    Returns:
        True when the child went idle, False when the timeout came first.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = child.cpu_seconds()
        await asyncio.sleep(WINDOW_SECONDS)
        if child.cpu_seconds() - before <= IDLE_SHARE * WINDOW_SECONDS:
            return True
    return False
