"""The cost model's section of the report: inputs, assumptions, dollars per 1M messages."""

from __future__ import annotations

from benchmarks.cost import DEFAULT_ASSUMPTIONS, Assumptions, ProbeFits, cost_rows
from benchmarks.markdown import num, table
from benchmarks.results import BenchResults

PUSHERS = {
    "lean": "the lean pusher inline",
    "queued": "the request path of a queued fan-out (jobs to SQS on moto, no POSTs)",
    "boto3": "boto3's post_to_connection per recipient (the pusher before)",
}


def _inputs(r: BenchResults, a: Assumptions) -> str:
    fits = ProbeFits.of(r.probe)
    lines = []
    for name, what in PUSHERS.items():
        probes = [p for p in r.probe if p.pusher == name]
        if not probes:
            continue
        fit = getattr(fits, name)
        figures = ", ".join(
            f"{p.recipients} recipients {p.cpu_ms:.1f} ms CPU ({p.wall_ms:.1f} ms wall)"
            for p in probes
        )
        lines.append(
            f"  - {what}: {figures}; fitted {fit.base_ms:.2f} ms + "
            f"{fit.per_recipient_ms:.3f} ms per recipient"
        )
    measured = (
        "- Measured: CPU per sendMessage invocation (the handler against DynamoDB on moto, "
        "pushing to a sink; medians):\n" + "\n".join(lines) + f"\n- A message.created frame "
        f"is {r.event_bytes} bytes (200-byte content): one 32 KB metering unit."
    )
    assumed = (
        f"- Assumed (estimates, not measured): {a.system_connections:,} connections in the "
        f"system; arm64 Lambda with {a.lambda_memory_mb} MB (sendMessage and the fan-out "
        f"function), whose CPU share stretches CPU time by {a.one_vcpu_memory_mb}/"
        f"{a.lambda_memory_mb}; {a.dynamodb_call_ms:g} ms per DynamoDB call, "
        f"{a.post_ms:g} ms per @connections POST with {a.push_concurrency} in flight (the "
        f"AWS sample's designs: boto3's CPU, {a.sample_push_concurrency} in flight); fan-outs "
        f"to more than {a.handoff_threshold} members are queued as {a.message_groups} jobs "
        f"(one per message group), {a.sqs_call_ms:g} ms per SendMessageBatch of ten, "
        f"{a.queue_delivery_ms:g} ms from the queue to the fan-out function, "
        f"{a.consumer_base_ms:g} ms of CPU per job besides the lean pusher's per-recipient "
        f"CPU, each job received and deleted on its own; SQS FIFO at "
        f"${a.sqs_per_million_requests:.2f} per million requests (not in the project's price "
        "list: check before quoting); this machine's x86 CPU time taken as Lambda's."
    )
    units = (
        f"- DynamoDB units (docs/design.md): sendMessage writes {a.message_wcu} WCU (a 0.6 KB "
        f"message with a clientMessageId; {a.message_wcu_before_seq} before per-group seqs, "
        f"so +{a.message_wcu - a.message_wcu_before_seq} write unit: the ByGroupSeq entry); "
        f"the membership check reads {a.membership_rcu:g} RCU and ourchat's group change "
        f"{a.group_change_rcu:g} more (the group and the thread); {a.send_dynamodb_calls} "
        "DynamoDB calls per send; the Subscription query reads "
        f"ceil({a.subscription_item_kb} KB x members / 4 KB) "
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
    all_rows = cost_rows(ProbeFits.of(r.probe), r.event_bytes, a)
    for row in all_rows:
        d = row.dollars(a)
        rows.append(
            [
                row.design,
                f"{row.members:,}",
                num(row.apigw_messages, 0),
                num(row.invocations, 0),
                num(row.lambda_ms, 1),
                num(row.fanout_ms, 0),
                num(row.rcu, 1),
                num(row.wcu, 0),
                num(row.sqs_requests, 0),
                num(d["API Gateway"], 2),
                num(d["Lambda requests"] + d["Lambda GB-s"], 2),
                num(d["DynamoDB reads"] + d["DynamoDB writes"], 2),
                num(d["SQS"], 2),
                num(d["total"], 2),
            ]
        )
    header = [
        "design",
        "members online",
        "API GW msgs/msg",
        "invocations/msg",
        "Lambda ms/msg",
        "fan-out ms",
        "RCU/msg",
        "WCU/msg",
        "SQS requests/msg",
        "API GW $",
        "Lambda $",
        "DynamoDB $",
        "SQS $",
        "total $ per 1M msgs",
    ]
    ours = [row for row in all_rows if row.design.startswith("ourchat")]
    largest = max(ours, key=lambda row: row.members)
    timeout = (
        f"\n\nAt {a.lambda_memory_mb} MB, a message to {largest.members:,} online members "
        f"reaches the last of them after an estimated {largest.fanout_ms / 1000:.2f} s "
        f"(the sender's request, the queue and the slowest of the fan-out function's "
        f"invocations), within the functions' {a.lambda_timeout_s:g} s timeout."
    )
    return (
        _inputs(r, a)
        + "\n\n"
        + table(header, rows, right=tuple(range(1, 14)))
        + "\n\nConnection-minutes ($0.25 per million) do not depend on the design and are "
        "left out. 'fan-out ms' is the modelled time from the send to the last member's "
        "push; 'Lambda ms/msg' adds up every invocation a message causes." + timeout
    )
