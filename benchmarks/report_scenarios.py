"""The report's tables of the socket scenarios: fan-out, throughput, history, connection storm."""

from __future__ import annotations

from benchmarks.markdown import num, table, times
from benchmarks.results import BenchResults
from benchmarks.stats import ratio


def fanout_section(r: BenchResults) -> str:
    """The fan-out table: latency percentiles per arm and group size, p99 against raw."""
    raw = {f.members: f for f in r.fanout if f.arm == "raw"}
    rows = []
    for f in sorted(r.fanout, key=lambda f: (f.members, f.arm != "raw", f.arm)):
        base = raw.get(f.members)
        versus = (
            ratio(f.latency_ms.p99, base.latency_ms.p99)
            if base and f.arm != "raw"
            else float("nan")
        )
        rows.append(
            [
                f.arm,
                str(f.members),
                str(f.latency_ms.count),
                num(f.latency_ms.p50),
                num(f.latency_ms.p95),
                num(f.latency_ms.p99),
                times(versus),
                num(f.ack_ms.p50),
                num(f.ack_ms.p99),
                str(f.lost),
                num(f.server_cpu_ms_per_message),
            ]
        )
    header = [
        "arm",
        "members",
        "msgs",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "p99 / raw",
        "ack p50 ms",
        "ack p99 ms",
        "lost",
        "server CPU ms/msg",
    ]
    intro = (
        "Latency from the send to the last member receiving `message.created` (every "
        "member online, the sender's own connection included), messages sent one at a time. "
        "ourchat runs as shipped: fan-outs to more than 100 live connections go through the "
        "fan-out queue and its consumer (so the rows of 1,000 members are queued), and "
        "'http' pushes through the SigV4-verified @connections API."
    )
    return intro + "\n\n" + table(header, rows, right=tuple(range(1, 11)))


def throughput_section(r: BenchResults) -> str:
    """The throughput table: rates at saturation, against raw, with the cores each side used."""
    raw = next((t for t in r.throughput if t.arm == "raw"), None)
    rows = []
    for t in r.throughput:
        versus = (
            ratio(t.events_per_second, raw.events_per_second)
            if raw and t is not raw
            else float("nan")
        )
        rows.append(
            [
                t.arm,
                f"{t.groups}x{t.members}",
                str(t.senders),
                num(t.acked_per_second, 0),
                num(t.events_per_second, 0),
                times(versus),
                num(t.ack_ms.p50),
                num(t.ack_ms.p99),
                str(t.errors),
                num(t.server_cores, 2),
                num(t.client_cores, 2),
            ]
        )
    header = [
        "arm",
        "groups x members",
        "senders",
        "acked msg/s",
        "events/s",
        "events / raw",
        "ack p50 ms",
        "ack p99 ms",
        "errors",
        "server cores",
        "client cores",
    ]
    return table(header, rows, right=tuple(range(2, 11)))


def history_section(r: BenchResults) -> str:
    """The history table: read latency per store, operation and database size."""
    rows = [
        [
            h.store,
            h.operation,
            f"{h.messages:,}",
            f"{h.threads:,}",
            str(h.latency_ms.count),
            num(h.latency_ms.p50, 2),
            num(h.latency_ms.p95, 2),
            num(h.latency_ms.p99, 2),
        ]
        for h in r.history
    ]
    header = [
        "store",
        "operation",
        "stored messages",
        "threads",
        "requests",
        "p50 ms",
        "p95 ms",
        "p99 ms",
    ]
    intro = (
        "Round trips through the socket; the measured thread holds every stored message, "
        "one in ten with reactions (👍 from each member and 🎉), its group holds all the "
        "threads; requests alternate between the two databases. `sync` is a whole catch-up: "
        "the group's last 1,000 events (or all, if fewer), every page of them."
    )
    return intro + "\n\n" + table(header, rows, right=(2, 3, 4, 5, 6, 7))


def storm_section(r: BenchResults) -> str:
    """The connection storm table: connects per second per arm."""
    rows = [
        [
            s.arm,
            str(s.connections),
            str(s.failures),
            num(s.seconds, 2),
            num(s.per_second, 0),
            num(s.connect_ms.p50),
            num(s.connect_ms.p99),
        ]
        for s in r.storm
    ]
    header = ["arm", "connections", "failures", "seconds", "connects/s", "p50 ms", "p99 ms"]
    return table(header, rows, right=(1, 2, 3, 4, 5, 6))


def many_section(r: BenchResults) -> str:
    """The many-connections table: server memory, connect rate, fan-out to a group of them."""
    m = r.many
    if m is None:
        return "Not measured."
    rows = [
        [
            f"{m.connections:,}",
            f"{m.members:,}",
            num(m.connects_per_second, 0),
            num(m.rss_before_kib / 1024, 0),
            num(m.rss_connected_kib / 1024, 0),
            num(m.rss_per_connection_kib, 1),
            str(m.latency_ms.count),
            num(m.latency_ms.p50),
            num(m.latency_ms.p99),
            str(m.lost),
        ]
    ]
    header = [
        "connections",
        "group members",
        "connects/s",
        "server RSS before MiB",
        "server RSS connected MiB",
        "KiB per connection",
        "msgs",
        "fan-out p50 ms",
        "fan-out p99 ms",
        "lost",
    ]
    intro = (
        "One `ourchat serve` as shipped (SQLite, HTTP @connections, queued fan-outs) in a "
        "child process; every client in another child process (`benchmarks.swarm`), with the "
        "open-files limit raised. Every connect runs the authorizer and `$connect`. The group's "
        "members connect first; the fan-out runs while all the others stay connected."
    )
    return intro + "\n\n" + table(header, rows, right=tuple(range(10)))
