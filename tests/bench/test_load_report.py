"""What a load run reports, and what makes it fail."""

from __future__ import annotations

import pytest

from benchmarks.load_report import LoadProfile, LoadReport, failures

PROFILE = LoadProfile(connections=10, groups=2, seconds=10, send_interval_seconds=5)


def passing_report() -> LoadReport:
    report = LoadReport(10, 2, acked=20, exit_code=0, peak_rss_kib=100 * 1024)
    report.latencies_ms = [10.0, 20.0, 30.0]
    report.expected_deliveries = report.deliveries = 100
    return report


def test_a_clean_run_passes_and_summarizes_its_latencies() -> None:
    report = passing_report()
    assert failures(report, PROFILE) == []
    summary = report.summary()
    assert summary["ack_latency_ms_p50"] == 20.0
    assert summary["ack_latency_ms_max"] == 30.0
    assert summary["messages_per_second"] > 0


def test_every_kind_of_trouble_is_reported() -> None:
    report = passing_report()
    report.error_replies.append({"ok": False})
    report.late_replies = 1
    report.gateway_frames.append({"message": "Forbidden"})
    report.missing_deliveries = 3
    report.acked = 1
    report.peak_rss_kib = 2048 * 1024
    report.exit_code = 1
    assert len(failures(report, PROFILE)) == 7


def test_a_group_without_members_is_refused() -> None:
    with pytest.raises(ValueError, match="each of its groups"):
        LoadProfile(connections=2, groups=3, seconds=1, send_interval_seconds=1)
