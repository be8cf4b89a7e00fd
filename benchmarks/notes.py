"""The standing caveats of a run, written into every report."""

from __future__ import annotations

from benchmarks.plan import BenchPlan
from benchmarks.results import BenchResults


def standard_notes(results: BenchResults, plan: BenchPlan) -> list[str]:
    """Return the notes every report carries, with this run's figures filled in."""
    cores = results.machine.cores
    notes = [
        f"Clients and servers share this machine's {cores} cores. The bench process (all "
        "clients) shows as 'client cores' in the throughput table: where it nears 1.0, the "
        "clients, not the server, set the pace; the raw server is the likeliest to be "
        "client-bound, which flatters ourchat's ratio to it.",
        "The raw baseline has no persistence, no authorization and no handlers: it is the "
        "limit of Python WebSockets on this machine, not a chat server.",
        "Neither side negotiates permessage-deflate (API Gateway offers none).",
        "ourchat runs as `ourchat serve` does (LocalChat: uvicorn, the local API Gateway "
        "emulator, handlers in its worker threads, SQLite with synchronous=FULL) but with the "
        "stage's per-connection throttling off, since the benchmark measures capacity; its "
        "handler logs go to a log file in the results folder.",
    ]
    if results.load_after[0] > cores or results.machine.load_before[0] > cores:
        notes.append(
            "The load average exceeded the core count during the run (other work on the "
            "machine): absolute figures are noisy; the ratios, measured in alternation with "
            "their baselines, less so."
        )
    ddb = plan.dynamodb.history.message_counts
    notes.append(
        "DynamoDB figures are emulator-bound: they run on moto (in its own process), which "
        "copies a whole table for every TransactWriteItems and filters in Python for every "
        "Query, so they measure moto, not DynamoDB. Its sizes are scaled down: history with "
        f"{ddb[0]:,} and {ddb[1]:,} messages instead of 10^3 and 10^5, fan-out to "
        f"{', '.join(str(s.members) for s in plan.dynamodb.fanout)} members."
    )
    if any(f.lost for f in results.fanout):
        notes.append("Some fan-out messages did not reach every member within 15 s ('lost').")
    return notes
