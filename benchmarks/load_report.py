"""The shape of a load run and the figures it reports (benchmarks.load runs it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from benchmarks.stats import summarize


@dataclass(frozen=True, slots=True)
class LoadProfile:
    """How big and how long a run is: every connection sends every `send_interval_seconds`.

    Raises:
        ValueError: A group would have no member.
    """

    connections: int
    groups: int
    seconds: float
    send_interval_seconds: float
    connect_concurrency: int = 50

    def __post_init__(self) -> None:
        if not 0 < self.groups <= self.connections:
            raise ValueError("a load run needs at least one connection in each of its groups")


@dataclass
class LoadReport:
    """The figures of a run.

    `error_replies` holds the replies that were not ok, and a note per request that got no
    reply in time; `late_replies` counts replies that came after their request gave up;
    `gateway_frames` holds frames that were neither a reply nor an event.
    """

    connections: int
    groups: int
    traffic_seconds: float = 0.0
    connect_seconds: float = 0.0
    acked: int = 0
    error_replies: list[dict[str, Any]] = field(default_factory=list)
    gateway_frames: list[Any] = field(default_factory=list)
    expected_deliveries: int = 0
    deliveries: int = 0
    missing_deliveries: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    peak_rss_kib: int = 0
    exit_code: int | None = None
    late_replies: int = 0
    disconnect_seconds: float = 0.0
    shutdown_seconds: float = 0.0
    load_average: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The figures worth recording, as plain values."""
        latencies = summarize(self.latencies_ms or [0.0])
        return {
            "connections": self.connections,
            "groups": self.groups,
            "connect_seconds": round(self.connect_seconds, 1),
            "traffic_seconds": round(self.traffic_seconds, 1),
            "messages_acked": self.acked,
            "messages_per_second": round(self.acked / max(self.traffic_seconds, 1e-9), 1),
            "events_expected": self.expected_deliveries,
            "events_delivered": self.deliveries,
            "events_missing": self.missing_deliveries,
            "deliveries_per_second": round(self.deliveries / max(self.traffic_seconds, 1e-9), 1),
            "error_replies": len(self.error_replies),
            "late_replies": self.late_replies,
            "gateway_error_frames": len(self.gateway_frames),
            "ack_latency_ms_p50": round(latencies.p50, 1),
            "ack_latency_ms_p99": round(latencies.p99, 1),
            "ack_latency_ms_max": round(latencies.maximum, 1),
            "server_rss_mib_first_last": [
                round(self.rss_kib[0] / 1024, 1) if self.rss_kib else None,
                round(self.rss_kib[-1] / 1024, 1) if self.rss_kib else None,
            ],
            "server_peak_rss_mib": round(self.peak_rss_kib / 1024, 1),
            "clients_close_seconds": round(self.disconnect_seconds, 1),
            "server_shutdown_seconds": round(self.shutdown_seconds, 1),
            "server_exit_code": self.exit_code,
            "machine_load_average_1m_start_end": self.load_average,
        }


PEAK_RSS_LIMIT_MIB = 1024


def failures(report: LoadReport, profile: LoadProfile) -> list[str]:
    """What the run got wrong; empty when it passed."""
    found = []
    if report.error_replies:
        found.append(f"{len(report.error_replies)} error replies, e.g. {report.error_replies[0]}")
    if report.late_replies:
        found.append(f"{report.late_replies} replies came after their request timed out")
    if report.gateway_frames:
        found.append(f"gateway error frames, e.g. {report.gateway_frames[0]}")
    if report.missing_deliveries:
        found.append(f"{report.missing_deliveries} events never delivered")
    # First sends are staggered over one interval: a run may fall short of the nominal count
    # by a little (the sends of its last, partial interval).
    minimum = 0.8 * profile.connections * profile.seconds / profile.send_interval_seconds
    if report.acked < minimum:
        found.append(f"only {report.acked} messages acked, expected at least {minimum:.0f}")
    if report.peak_rss_kib > PEAK_RSS_LIMIT_MIB * 1024:
        found.append(f"server peak RSS {report.peak_rss_kib // 1024} MiB")
    if report.exit_code != 0:
        found.append(f"server exit code {report.exit_code}")
    return found
