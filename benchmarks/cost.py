"""The AWS cost model: dollars per million messages, ourchat vs the Scan-all-connections design.

Inputs are the measured CPU time per sendMessage (the Lambda probe: the lean pusher inline,
the queued request path, boto3 per recipient), the measured size of a message.created
frame, the capacity units of docs/design.md, and the prices of
../shared/reference/aws-websocket-facts.md (us-east-1, arm64 Lambda). Above the hand-off
threshold a fan-out goes through the SQS FIFO queue to the fan-out function: the model adds
its SQS requests, its invocations and their GB-seconds. Everything assumed rather than
measured is a field of `Assumptions`, printed with the model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.results import ProbeResult
from ourchat.services.fanout_jobs import MESSAGE_GROUPS
from ourchat.settings import DEFAULT_HANDOFF_THRESHOLD

APIGW_PER_MILLION_MESSAGES = 1.00
APIGW_METERING_BYTES = 32 * 1024
LAMBDA_PER_MILLION_REQUESTS = 0.20
LAMBDA_PER_GB_SECOND_ARM64 = 0.0000133334
RCU_PER_MILLION = 0.125
WCU_PER_MILLION = 0.625
GROUP_SIZES = (10, 100, 1000)
SQS_BATCH = 10


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
    # ConnectionsPusher's pool; the AWS sample awaits boto-style posts 16 at a time.
    push_concurrency: int = 64
    sample_push_concurrency: int = 16
    handoff_threshold: int = DEFAULT_HANDOFF_THRESHOLD
    message_groups: int = MESSAGE_GROUPS
    sqs_call_ms: float = 15.0
    # From SendMessageBatch to the consumer's invocation (the event source mapping's poll).
    queue_delivery_ms: float = 30.0
    consumer_base_ms: float = 1.0
    sqs_per_million_requests: float = 0.50  # FIFO, per 64 KB request; not in the facts file
    # A 0.6 KB message with a clientMessageId (docs/design.md): 10 WCU and the sentinel's 2.
    # Before per-group seqs it was 11: the ByGroupSeq index entry adds one.
    message_wcu: int = 12
    message_wcu_before_seq: int = 11
    membership_rcu: float = 1.0
    # The group change reads the group and the thread, strongly consistent.
    group_change_rcu: float = 2.0
    # The membership, the group, the thread, the transaction, the Subscription query.
    send_dynamodb_calls: int = 5
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
    """Usage per message of one design for one group size, and its price per 1M messages.

    Args:
        lambda_ms: Billed milliseconds of every invocation a message causes, together.
        fanout_ms: Modelled time from the send to the last recipient's push.
        invocations: Lambda invocations per message (the fan-out function's included).
        sqs_requests: SQS requests per message (send, receive, delete).
    """

    design: str
    members: int
    apigw_messages: float
    lambda_ms: float
    gb_seconds: float
    rcu: float
    wcu: float
    fanout_ms: float = 0.0
    invocations: float = 1.0
    sqs_requests: float = 0.0

    def dollars(self, a: Assumptions = DEFAULT_ASSUMPTIONS) -> dict[str, float]:
        """Dollars per million messages, by line item and in total."""
        items = {
            "API Gateway": self.apigw_messages * APIGW_PER_MILLION_MESSAGES,
            "Lambda requests": self.invocations * LAMBDA_PER_MILLION_REQUESTS,
            "Lambda GB-s": self.gb_seconds * 1_000_000 * LAMBDA_PER_GB_SECOND_ARM64,
            "DynamoDB reads": self.rcu * RCU_PER_MILLION,
            "DynamoDB writes": self.wcu * WCU_PER_MILLION,
            "SQS": self.sqs_requests * a.sqs_per_million_requests,
        }
        items["total"] = math.fsum(items.values())
        return items


def fit_cpu(probe: Sequence[ProbeResult], pusher: str | None = None) -> CpuModel:
    """Fit CPU ms = base + slope x recipients through the smallest and the largest probe.

    The two ends, not least squares: the base is what a small group costs, and the slope
    what each further recipient adds; a flat line for a single size.

    Args:
        pusher: Only the probes of this pusher (`boto3`, `lean`, `queued`); None: all.

    Raises:
        ValueError: There are no probe results.
    """
    probe = [p for p in probe if pusher is None or p.pusher == pusher]
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


def _gb_seconds(milliseconds: float, a: Assumptions) -> float:
    return a.lambda_memory_mb / 1024 * milliseconds / 1000


@dataclass(frozen=True, slots=True)
class ProbeFits:
    """The probe's CPU lines: the lean pusher inline, the queued request path, boto3."""

    lean: CpuModel
    queued: CpuModel
    boto3: CpuModel

    @classmethod
    def of(cls, probe: Sequence[ProbeResult]) -> ProbeFits:
        """Fit each pusher's probes; a pusher that was not probed falls back to another."""
        names = {p.pusher for p in probe}
        boto3 = fit_cpu(probe, "boto3" if "boto3" in names else None)
        lean = fit_cpu(probe, "lean") if "lean" in names else boto3
        queued = fit_cpu(probe, "queued") if "queued" in names else lean
        return cls(lean, queued, boto3)


def ourchat_row(fits: ProbeFits, n: int, units: int, a: Assumptions) -> CostRow:
    """ourchat: inline up to the threshold, the fan-out queue and function above it."""
    query_rcu = math.ceil(n * a.subscription_item_kb / 4)
    rcu = a.membership_rcu + a.group_change_rcu + query_rcu
    design = f"ourchat (Subscription query; queued above {a.handoff_threshold})"
    if n <= a.handoff_threshold:
        waits = (
            a.send_dynamodb_calls * a.dynamodb_call_ms
            + math.ceil(n / a.push_concurrency) * a.post_ms
        )
        billed = fanout = _duration_ms(fits.lean.at(n), waits, a)
        jobs = sqs_requests = 0
    else:
        jobs = min(a.message_groups, n)
        share = math.ceil(n / jobs)
        sends = math.ceil(jobs / SQS_BATCH)
        waits = a.send_dynamodb_calls * a.dynamodb_call_ms + sends * a.sqs_call_ms
        request = _duration_ms(fits.queued.at(n), waits, a)
        consumer = _duration_ms(
            a.consumer_base_ms + fits.lean.per_recipient_ms * share,
            math.ceil(share / a.push_concurrency) * a.post_ms,
            a,
        )
        billed = request + jobs * consumer
        fanout = request + a.queue_delivery_ms + consumer
        # Sent in batches of ten; assumed received and deleted one job per batch (each
        # message group goes to its own consumer, in parallel).
        sqs_requests = sends + 2 * jobs
    return CostRow(
        design,
        n,
        (n + 2) * units,
        billed,
        _gb_seconds(billed, a),
        rcu,
        a.message_wcu,
        fanout_ms=fanout,
        invocations=1 + jobs,
        sqs_requests=sqs_requests,
    )


def cost_rows(
    fits: ProbeFits, event_bytes: int, a: Assumptions = DEFAULT_ASSUMPTIONS
) -> list[CostRow]:
    """Return the per-message usage of ourchat and of both Scan designs, per group size."""
    units = max(1, math.ceil(event_bytes / APIGW_METERING_BYTES))
    everyone = a.system_connections
    scan_kb = everyone * a.connection_item_kb
    scan_rcu = math.ceil(scan_kb / 4) * 0.5  # a Scan reads eventually consistent by default
    scan_waits = math.ceil(scan_kb / a.scan_page_kb) * a.dynamodb_call_ms
    rows: list[CostRow] = []
    for n in GROUP_SIZES:
        rows.append(ourchat_row(fits, n, units, a))
        # Both Scan designs push with boto3, one post per recipient: the sample's way.
        for design, recipients, messages in (
            ("Scan, post to every connection (AWS sample)", everyone, 1 + everyone * units),
            ("Scan, filtered to the group", n, (n + 2) * units),
        ):
            duration = _duration_ms(
                fits.boto3.at(recipients),
                scan_waits
                + 2 * a.dynamodb_call_ms
                + math.ceil(recipients / a.sample_push_concurrency) * a.post_ms,
                a,
            )
            rows.append(
                CostRow(
                    design,
                    n,
                    messages,
                    duration,
                    _gb_seconds(duration, a),
                    a.membership_rcu + scan_rcu,
                    a.message_wcu,
                    fanout_ms=duration,
                )
            )
    return rows
