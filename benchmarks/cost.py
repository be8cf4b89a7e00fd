"""The AWS cost model: dollars per million messages, ourchat vs the Scan-all-connections design.

Inputs are the measured CPU time per sendMessage (the Lambda probe), the measured size of
a message.created frame, the capacity units of docs/design.md, and the prices of
../shared/reference/aws-websocket-facts.md (us-east-1, arm64 Lambda). Everything that is
assumed rather than measured is a field of `Assumptions`, printed with the model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.results import ProbeResult

APIGW_PER_MILLION_MESSAGES = 1.00
APIGW_METERING_BYTES = 32 * 1024
LAMBDA_PER_MILLION_REQUESTS = 0.20
LAMBDA_PER_GB_SECOND_ARM64 = 0.0000133334
RCU_PER_MILLION = 0.125
WCU_PER_MILLION = 0.625
GROUP_SIZES = (10, 100, 1000)


@dataclass(frozen=True, slots=True)
class Assumptions:
    """What the model assumes; every figure here is stated in the report."""

    system_connections: int = 10_000
    # sendMessage's function: ourchat_infra.api_stack.PUSH_MEMORY_MB and PUSH_TIMEOUT.
    lambda_memory_mb: int = 1769
    lambda_timeout_s: float = 25.0
    one_vcpu_memory_mb: int = 1769
    dynamodb_call_ms: float = 5.0
    post_ms: float = 15.0
    push_concurrency: int = 16
    message_wcu: int = 11
    membership_rcu: float = 1.0
    subscription_item_kb: float = 0.15
    connection_item_kb: float = 0.12
    scan_page_kb: float = 1024.0


DEFAULT_ASSUMPTIONS = Assumptions()


@dataclass(frozen=True, slots=True)
class CpuModel:
    """CPU milliseconds of one sendMessage as a line in the number of recipients."""

    base_ms: float
    per_recipient_ms: float

    def at(self, recipients: int) -> float:
        """CPU milliseconds for this many recipients."""
        return self.base_ms + self.per_recipient_ms * recipients


@dataclass(frozen=True, slots=True)
class CostRow:
    """Usage per message of one design for one group size, and its price per 1M messages."""

    design: str
    members: int
    apigw_messages: float
    lambda_ms: float
    gb_seconds: float
    rcu: float
    wcu: float

    @property
    def dollars(self) -> dict[str, float]:
        """Dollars per million messages, by line item and in total."""
        items = {
            "API Gateway": self.apigw_messages * APIGW_PER_MILLION_MESSAGES,
            "Lambda requests": LAMBDA_PER_MILLION_REQUESTS,
            "Lambda GB-s": self.gb_seconds * 1_000_000 * LAMBDA_PER_GB_SECOND_ARM64,
            "DynamoDB reads": self.rcu * RCU_PER_MILLION,
            "DynamoDB writes": self.wcu * WCU_PER_MILLION,
        }
        items["total"] = math.fsum(items.values())
        return items


def fit_cpu(probe: Sequence[ProbeResult]) -> CpuModel:
    """Fit CPU ms = base + slope x recipients through the smallest and the largest probe.

    The two ends, not least squares: the base is what a small group costs, and the slope
    what each further recipient adds; a flat line for a single size.

    Raises:
        ValueError: There are no probe results.
    """
    if not probe:
        raise ValueError("no probe results")
    low = min(probe, key=lambda p: p.recipients)
    high = max(probe, key=lambda p: p.recipients)
    if high.recipients == low.recipients:
        return CpuModel(low.cpu_ms, 0.0)
    slope = max((high.cpu_ms - low.cpu_ms) / (high.recipients - low.recipients), 0.0)
    return CpuModel(max(low.cpu_ms - slope * low.recipients, 0.0), slope)


def _duration_ms(cpu_ms: float, waits_ms: float, a: Assumptions) -> float:
    # Lambda gives a function CPU in proportion to its memory: one vCPU at 1,769 MB.
    stretch = max(1.0, a.one_vcpu_memory_mb / a.lambda_memory_mb)
    return cpu_ms * stretch + waits_ms


def _row(
    design: str,
    members: int,
    messages: float,
    cpu_ms: float,
    waits_ms: float,
    rcu: float,
    wcu: float,
    a: Assumptions,
) -> CostRow:
    duration = _duration_ms(cpu_ms, waits_ms, a)
    gb_seconds = a.lambda_memory_mb / 1024 * duration / 1000
    return CostRow(design, members, messages, duration, gb_seconds, rcu, wcu)


def cost_rows(
    cpu: CpuModel, event_bytes: int, a: Assumptions = DEFAULT_ASSUMPTIONS
) -> list[CostRow]:
    """Return the per-message usage of ourchat and of both Scan designs, per group size."""
    units = max(1, math.ceil(event_bytes / APIGW_METERING_BYTES))
    everyone = a.system_connections
    scan_kb = everyone * a.connection_item_kb
    scan_rcu = math.ceil(scan_kb / 4) * 0.5  # a Scan reads eventually consistent by default
    scan_waits = math.ceil(scan_kb / a.scan_page_kb) * a.dynamodb_call_ms
    rows: list[CostRow] = []
    for n in GROUP_SIZES:
        posts = math.ceil(n / a.push_concurrency) * a.post_ms
        query_rcu = math.ceil(n * a.subscription_item_kb / 4)
        rows.append(
            _row(
                "ourchat (Subscription query)",
                n,
                (n + 2) * units,
                cpu.at(n),
                3 * a.dynamodb_call_ms + posts,
                a.membership_rcu + query_rcu,
                a.message_wcu,
                a,
            )
        )
        rows.append(
            _row(
                "Scan, post to every connection (AWS sample)",
                n,
                1 + everyone * units,
                cpu.at(everyone),
                scan_waits
                + 2 * a.dynamodb_call_ms
                + math.ceil(everyone / a.push_concurrency) * a.post_ms,
                a.membership_rcu + scan_rcu,
                a.message_wcu,
                a,
            )
        )
        rows.append(
            _row(
                "Scan, filtered to the group",
                n,
                (n + 2) * units,
                cpu.at(n),
                scan_waits + 2 * a.dynamodb_call_ms + posts,
                a.membership_rcu + scan_rcu,
                a.message_wcu,
                a,
            )
        )
    return rows
