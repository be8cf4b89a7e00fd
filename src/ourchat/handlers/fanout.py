"""The fan-out consumer: pushes the jobs of the fan-out queue (SQS FIFO, or the local queue).

Not a WebSocket route: the route manifest declares it as a queue consumer
(`ourchat.routes.CONSUMERS`). It answers with a partial batch response: records are handled
in order, and the first one that fails is reported with every record after it, so SQS
retries them in their order and a recipient never gets a later event first.
"""

from __future__ import annotations

from typing import Any

from ourchat.bootstrap import Dependencies
from ourchat.handlers.function import lambda_function
from ourchat.handlers.logs import get_logger
from ourchat.services.fanout_jobs import decode_job
from ourchat.services.handoff import deliver_job

logger = get_logger("ourchat.handlers.fanout")


@lambda_function
def handler(event: dict[str, Any], context: Any, deps: Dependencies) -> dict[str, Any]:
    """Push every job of an SQS batch; report the failed one and those after it."""
    records = event.get("Records") or []
    for index, record in enumerate(records):
        try:
            job = decode_job(record["body"])
        except (KeyError, ValueError, TypeError):
            # A malformed message can never succeed: drop it rather than block its group.
            logger.error("dropped a malformed fan-out job")
            continue
        try:
            deliver_job(deps.store, deps.direct_pusher, deps.clock, job)
        except Exception:
            logger.exception("fan-out job failed", extra={"retried": len(records) - index})
            failed = records[index:]
            return {"batchItemFailures": [{"itemIdentifier": r["messageId"]} for r in failed]}
    return {"batchItemFailures": []}
