"""What Linux's /proc says about a process: CPU time used and resident memory."""

from __future__ import annotations

import os
from pathlib import Path

_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """Return the user + system CPU seconds a process has used (all its threads)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    # Fields after the command: state is index 0, utime 11, stime 12 (man 5 proc).
    return (int(fields[11]) + int(fields[12])) / _TICKS_PER_SECOND


def status_kib(pid: int, field: str) -> int:
    """Return a memory field of /proc/PID/status (e.g. VmRSS), in KiB.

    Raises:
        LookupError: The status has no such field.
    """
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(f"/proc/{pid}/status has no {field}")


def rss_kib(pid: int) -> int:
    """The process's resident memory now (VmRSS), in KiB."""
    return status_kib(pid, "VmRSS")


def peak_rss_kib(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM), in KiB."""
    return status_kib(pid, "VmHWM")
