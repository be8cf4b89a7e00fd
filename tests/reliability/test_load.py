"""Steady traffic from many connections in many groups: every event reaches every member.

A scaled-down version of `make soak` (benchmarks/soak.py): the same driver, the same
checks, against `ourchat serve` with its default settings, 200 connections in 10 groups for
10 seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.load import run_load
from benchmarks.load_report import LoadProfile, failures

pytestmark = pytest.mark.anyio

PROFILE = LoadProfile(connections=200, groups=10, seconds=10, send_interval_seconds=20)


async def test_every_member_connection_gets_every_event_under_load(tmp_path: Path) -> None:
    report = await run_load(PROFILE, tmp_path)

    print(json.dumps(report.summary()))
    assert failures(report, PROFILE) == []
    assert report.deliveries == report.expected_deliveries > 0
