"""What a run measured, as plain dataclasses (the report, plots and cost model read these)."""

from __future__ import annotations

from dataclasses import dataclass, field

from benchmarks.machine import Machine
from benchmarks.stats import Summary


@dataclass(frozen=True, slots=True)
class FanoutResult:
    """Send-to-last-recipient latency of one arm for one group size (milliseconds)."""

    arm: str
    store: str
    pusher: str
    members: int
    latency_ms: Summary
    ack_ms: Summary
    lost: int
    server_cpu_ms_per_message: float


@dataclass(frozen=True, slots=True)
class ThroughputResult:
    """Saturation throughput of one arm: acknowledged messages and delivered events per second."""

    arm: str
    store: str
    pusher: str
    groups: int
    members: int
    senders: int
    seconds: float
    acked_per_second: float
    events_per_second: float
    errors: int
    ack_ms: Summary
    server_cores: float
    client_cores: float


@dataclass(frozen=True, slots=True)
class HistoryResult:
    """Round-trip latency of one history read on a database of a given size (milliseconds)."""

    store: str
    operation: str
    messages: int
    threads: int
    latency_ms: Summary


@dataclass(frozen=True, slots=True)
class StormResult:
    """How fast one arm accepts connections (authorized ones for ourchat)."""

    arm: str
    store: str
    connections: int
    failures: int
    seconds: float
    per_second: float
    connect_ms: Summary


@dataclass(frozen=True, slots=True)
class ImportTiming:
    """The median import time of a module in fresh interpreters.

    Args:
        variant: "import" (the module alone), "first call" (plus the adapters a first
            invocation imports), or "first call + clients" (plus building the boto3 clients).
    """

    module: str
    variant: str
    median_ms: float
    runs: int


@dataclass(frozen=True, slots=True)
class PackageSize:
    """The Lambda deployment package: runtime dependencies plus the `ourchat` package."""

    method: str
    dependencies: tuple[str, ...]
    files: int
    unzipped_bytes: int
    zipped_bytes: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """CPU and wall time of one sendMessage invocation on DynamoDB (moto) and a push sink.

    Args:
        pusher: `boto3` (post_to_connection per recipient) or `lean` (ConnectionsPusher).
    """

    recipients: int
    invocations: int
    cpu_ms: float
    wall_ms: float
    pusher: str = "boto3"


@dataclass(frozen=True, slots=True)
class ManyResult:
    """Many clients on one server: its memory, the connect rate, fan-out to a group of them."""

    connections: int
    members: int
    connect_seconds: float
    connects_per_second: float
    rss_before_kib: int
    rss_connected_kib: int
    rss_per_connection_kib: float
    latency_ms: Summary
    lost: int


@dataclass(frozen=True, slots=True)
class ColdStart:
    """Import timings, and which heavy packages each handler loads at module level."""

    timings: tuple[ImportTiming, ...]
    loaded_at_import: dict[str, tuple[str, ...]]


@dataclass
class BenchResults:
    """Everything one run measured."""

    plan: str
    command: str
    started: str
    machine: Machine
    finished: str = ""
    seconds: float = 0.0
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    event_bytes: int = 0
    fanout: list[FanoutResult] = field(default_factory=list)
    throughput: list[ThroughputResult] = field(default_factory=list)
    history: list[HistoryResult] = field(default_factory=list)
    storm: list[StormResult] = field(default_factory=list)
    coldstart: ColdStart | None = None
    package: PackageSize | None = None
    probe: list[ProbeResult] = field(default_factory=list)
    many: ManyResult | None = None
    notes: list[str] = field(default_factory=list)
