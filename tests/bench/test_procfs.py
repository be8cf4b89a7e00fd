"""Readings of /proc about a process."""

from __future__ import annotations

import os

import pytest

from benchmarks.procfs import cpu_seconds, peak_rss_kib, rss_kib, status_kib


def test_this_process_has_used_cpu_and_memory() -> None:
    pid = os.getpid()
    assert cpu_seconds(pid) > 0
    assert 0 < rss_kib(pid) <= peak_rss_kib(pid)


def test_an_unknown_status_field_is_refused() -> None:
    with pytest.raises(LookupError, match="NoSuchField"):
        status_kib(os.getpid(), "NoSuchField")
