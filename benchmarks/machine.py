"""What the benchmark ran on: cores, memory, Python, and how busy the machine was."""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

MEMINFO = Path("/proc/meminfo")
CPUINFO = Path("/proc/cpuinfo")


@dataclass(frozen=True, slots=True)
class Machine:
    """The machine of a run."""

    cores: int
    memory_gib: float
    cpu_model: str
    python: str
    platform: str
    load_before: tuple[float, float, float]


def load_average() -> tuple[float, float, float]:
    """Return the 1, 5 and 15 minute load averages (zeros where the OS has none)."""
    try:
        return os.getloadavg()
    except OSError:
        return (0.0, 0.0, 0.0)


def _memory_gib() -> float:
    try:
        for line in MEMINFO.read_text(encoding="ascii").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / (1024 * 1024)
    except OSError:
        pass
    return float("nan")


def _cpu_model() -> str:
    try:
        for line in CPUINFO.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def describe_machine() -> Machine:
    """Describe this machine as it is now."""
    return Machine(
        cores=os.cpu_count() or 1,
        memory_gib=_memory_gib(),
        cpu_model=_cpu_model(),
        python=f"{platform.python_implementation()} {sys.version.split()[0]}",
        platform=platform.platform(terse=True),
        load_before=load_average(),
    )
