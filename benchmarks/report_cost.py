"""The cost model's section of the report: inputs, assumptions, dollars per 1M messages."""

from __future__ import annotations

from benchmarks.cost import DEFAULT_ASSUMPTIONS, Assumptions, cost_rows, fit_cpu
from benchmarks.markdown import num, table
from benchmarks.results import BenchResults


def _inputs(r: BenchResults, a: Assumptions) -> str:
    probe = ", ".join(
        f"{p.recipients} recipients {p.cpu_ms:.1f} ms CPU ({p.wall_ms:.1f} ms wall)"
        for p in r.probe
    )
    cpu = fit_cpu(r.probe)
    measured = (
        "- Measured: CPU per sendMessage invocation (the handler on boto3 against moto, "
        f"pushing to a sink; medians): {probe}; fitted {cpu.base_ms:.2f} ms + "
        f"{cpu.per_recipient_ms:.3f} ms per recipient. A message.created frame is "
        f"{r.event_bytes} bytes (200-byte content): one 32 KB metering unit."
    )
    assumed = (
        f"- Assumed (estimates, not measured): {a.system_connections:,} connections in the "
        f"system; arm64 Lambda with {a.lambda_memory_mb} MB, whose CPU share stretches CPU "
        f"time by {a.one_vcpu_memory_mb}/{a.lambda_memory_mb} (one vCPU at "
        f"{a.one_vcpu_memory_mb} MB); {a.dynamodb_call_ms:g} ms per DynamoDB call and "
        f"{a.post_ms:g} ms per @connections POST, {a.push_concurrency} POSTs in flight; this "
        "machine's x86 CPU time taken as Lambda's."
    )
    units = (
        f"- DynamoDB units (docs/design.md): sendMessage writes {a.message_wcu} WCU (a 0.6 KB "
        f"message with a clientMessageId); the membership check reads {a.membership_rcu:g} "
        f"RCU; the Subscription query reads ceil({a.subscription_item_kb} KB x members / 4 KB) "
        f"RCU, strongly consistent. A Scan reads all {a.system_connections:,} Connection items "
        f"of {a.connection_item_kb} KB, eventually consistent (half price), in 1 MB pages. "
        "Both Scan designs store the message as ourchat does, so only the fan-out differs."
    )
    messages = (
        "- API Gateway messages: ourchat counts the inbound frame, the reply and one event per "
        "member; the AWS sample's design counts the inbound frame and one post per connection "
        "in the system (it has no groups and no reply)."
    )
    return "\n".join([measured, assumed, units, messages])


def cost_section(r: BenchResults, a: Assumptions = DEFAULT_ASSUMPTIONS) -> str:
    """Return the cost model: inputs, then one row per design and group size."""
    if not r.probe:
        return "Not computed: the Lambda CPU probe did not run."
    rows = []
    for row in cost_rows(fit_cpu(r.probe), r.event_bytes, a):
        d = row.dollars
        rows.append(
            [
                row.design,
                f"{row.members:,}",
                num(row.apigw_messages, 0),
                num(row.lambda_ms, 1),
                num(row.rcu, 1),
                num(row.wcu, 0),
                num(d["API Gateway"], 2),
                num(d["Lambda requests"] + d["Lambda GB-s"], 2),
                num(d["DynamoDB reads"] + d["DynamoDB writes"], 2),
                num(d["total"], 2),
            ]
        )
    header = [
        "design",
        "members online",
        "API GW msgs/msg",
        "Lambda ms/msg",
        "RCU/msg",
        "WCU/msg",
        "API GW $",
        "Lambda $",
        "DynamoDB $",
        "total $ per 1M msgs",
    ]
    ours = [row for row in cost_rows(fit_cpu(r.probe), r.event_bytes, a) if "ourchat" in row.design]
    slowest = max(ours, key=lambda row: row.members)
    verdict = "over" if slowest.lambda_ms / 1000 > a.lambda_timeout_s else "within"
    timeout = (
        f"\n\nAt {a.lambda_memory_mb} MB, a sendMessage to {slowest.members:,} online members "
        f"is estimated at {slowest.lambda_ms / 1000:.1f} s, {verdict} the functions' "
        f"{a.lambda_timeout_s:g} s timeout."
    )
    return (
        _inputs(r, a)
        + "\n\n"
        + table(header, rows, right=tuple(range(1, 10)))
        + "\n\nConnection-minutes ($0.25 per million) do not depend on the design and are "
        "left out." + timeout
    )
