"""How big each scenario is: the full plan of `make bench`, a quick one, a tiny one for tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FanoutSize:
    """One fan-out measurement: a group of `members` online members, one sender.

    Args:
        members: Online members of the group, the sender included.
        samples: Messages to time per configuration (fewer if `seconds` runs out).
        seconds: Time budget of this size, all configurations together.
    """

    members: int
    samples: int
    seconds: float


@dataclass(frozen=True, slots=True)
class ThroughputPlan:
    """Concurrent senders in several groups, each sending as fast as it gets replies."""

    groups: int
    members: int
    senders_per_group: int
    warmup_seconds: float
    measure_seconds: float
    rounds: int


@dataclass(frozen=True, slots=True)
class HistoryPlan:
    """History reads on a small and a large database.

    Args:
        message_counts: Stored messages of the small and of the large database.
        threads: Threads in the measured group (both databases).
        requests: Requests of each kind on each database.
    """

    message_counts: tuple[int, int]
    threads: int
    requests: int


@dataclass(frozen=True, slots=True)
class StormPlan:
    """Authorized connects as fast as they are accepted, `concurrency` handshakes at a time."""

    connections: int
    concurrency: int


@dataclass(frozen=True, slots=True)
class ManyPlan:
    """Many clients on one server (clients in a child process), a group of `members` among them.

    Args:
        connections: Clients in all, the group's members included.
        members: The group's online members, who get the fan-outs.
        messages: Messages timed from the send to the last member's arrival.
        concurrency: Handshakes in flight while the clients connect.
    """

    connections: int
    members: int
    messages: int
    concurrency: int


@dataclass(frozen=True, slots=True)
class StorePlan:
    """The sizes of the socket scenarios on one store."""

    fanout: tuple[FanoutSize, ...]
    throughput: ThroughputPlan
    history: HistoryPlan
    storm: StormPlan


@dataclass(frozen=True, slots=True)
class BenchPlan:
    """Everything one run measures, and how much of it.

    Args:
        coldstart_runs: Fresh interpreters per module and variant (the median is reported).
        coldstart_modules: Handler modules to time; empty means every handler of the manifest.
        package_dependencies: Install the runtime dependencies (from PyPI) into the measured
            Lambda package; False measures the `ourchat` package alone (no network).
        probe_sizes: Group sizes of the Lambda CPU probe (sendMessage on DynamoDB).
        probe_invocations: Timed invocations per probe size.
        connect_concurrency: Handshakes in flight while a scenario connects its members.
        many: The many-connections scenario (SQLite, as shipped), or None to skip it.
    """

    name: str
    sqlite: StorePlan
    dynamodb: StorePlan
    coldstart_runs: int
    coldstart_modules: tuple[str, ...]
    package_dependencies: bool
    probe_sizes: tuple[int, ...]
    probe_invocations: int
    connect_concurrency: int = 100
    many: ManyPlan | None = None


FULL = BenchPlan(
    name="full",
    sqlite=StorePlan(
        fanout=(FanoutSize(10, 200, 30), FanoutSize(100, 150, 45), FanoutSize(1000, 30, 60)),
        throughput=ThroughputPlan(10, 20, 5, 1.0, 4.5, 2),
        history=HistoryPlan((1_000, 100_000), 1_000, 300),
        storm=StormPlan(500, 50),
    ),
    dynamodb=StorePlan(
        fanout=(FanoutSize(10, 20, 20), FanoutSize(100, 10, 25)),
        throughput=ThroughputPlan(4, 10, 2, 1.0, 3.0, 1),
        history=HistoryPlan((100, 400), 50, 30),
        storm=StormPlan(50, 10),
    ),
    coldstart_runs=5,
    coldstart_modules=(),
    package_dependencies=True,
    probe_sizes=(10, 100, 1000),
    probe_invocations=5,
    many=ManyPlan(10_000, 1_000, 20, 100),
)

QUICK = BenchPlan(
    name="quick",
    sqlite=StorePlan(
        fanout=(FanoutSize(10, 50, 15), FanoutSize(100, 30, 20)),
        throughput=ThroughputPlan(5, 10, 3, 1.0, 3.0, 1),
        history=HistoryPlan((1_000, 10_000), 200, 100),
        storm=StormPlan(200, 50),
    ),
    dynamodb=StorePlan(
        fanout=(FanoutSize(10, 10, 15),),
        throughput=ThroughputPlan(2, 5, 1, 1.0, 2.0, 1),
        history=HistoryPlan((50, 200), 20, 10),
        storm=StormPlan(30, 10),
    ),
    coldstart_runs=3,
    coldstart_modules=("ourchat.handlers.send_message", "ourchat.handlers.authorizer"),
    package_dependencies=False,
    probe_sizes=(10, 100),
    probe_invocations=3,
    many=ManyPlan(2_000, 200, 10, 100),
)

TINY = BenchPlan(
    name="tiny",
    sqlite=StorePlan(
        fanout=(FanoutSize(3, 3, 10),),
        throughput=ThroughputPlan(2, 3, 1, 0.1, 0.3, 1),
        history=HistoryPlan((10, 30), 3, 3),
        storm=StormPlan(4, 2),
    ),
    dynamodb=StorePlan(
        fanout=(FanoutSize(2, 2, 10),),
        throughput=ThroughputPlan(1, 2, 1, 0.1, 0.3, 1),
        history=HistoryPlan((3, 6), 2, 2),
        storm=StormPlan(2, 2),
    ),
    coldstart_runs=1,
    coldstart_modules=("ourchat.handlers.send_message",),
    package_dependencies=False,
    probe_sizes=(1, 3),
    probe_invocations=1,
    connect_concurrency=10,
    many=ManyPlan(12, 4, 2, 4),
)

PLANS: dict[str, BenchPlan] = {plan.name: plan for plan in (FULL, QUICK, TINY)}
