"""The fan-out consumer answers SQS batches with partial batch failures, in order."""

from __future__ import annotations

from typing import Any

from ourchat.bootstrap import Dependencies
from ourchat.domain.errors import InternalError
from ourchat.handlers import fanout
from ourchat.services.fanout import encode_event
from ourchat.services.fanout_jobs import encode_jobs
from tests.support.fakes import FakePusher, FakeQueue, FakeStore, SteppingClock

FRAME = encode_event(
    "member.added", {"groupId": "g-1", "userId": "u", "role": "member"}, group_id="g-1", seq=2
)


def sqs_event(*bodies: str) -> dict[str, Any]:
    return {
        "Records": [
            {"messageId": f"m{n}", "body": body, "eventSource": "aws:sqs"}
            for n, body in enumerate(bodies)
        ]
    }


def job(*ids: str) -> str:
    [message] = encode_jobs(list(ids), FRAME, groups=1)
    return message.body


def run(deps: Dependencies, event: dict[str, Any]) -> Any:
    return fanout.handler.bind(deps)(event, None)


def test_every_job_is_pushed_with_the_direct_pusher_even_with_a_queue() -> None:
    pusher, queue = FakePusher(), FakeQueue()
    deps = Dependencies(store=FakeStore(), pusher=pusher, fanout_queue=queue, handoff_threshold=0)

    result = run(deps, sqs_event(job("a", "b"), job("c")))

    assert result == {"batchItemFailures": []}
    assert pusher.sent == [(("a", "b"), FRAME), (("c",), FRAME)]
    assert queue.messages == []


def test_a_failure_reports_that_record_and_every_later_one() -> None:
    store = FakeStore()

    def unavailable(group_id: str, now_epoch_seconds: int) -> list[Any]:
        raise InternalError("the store is unavailable")

    store.connections_for_group = unavailable  # type: ignore[method-assign]
    pusher = FakePusher(gone={"gone"})
    deps = Dependencies(store=store, pusher=pusher, clock=SteppingClock())

    result = run(deps, sqs_event(job("a"), job("gone"), job("b")))

    assert result == {"batchItemFailures": [{"itemIdentifier": "m1"}, {"itemIdentifier": "m2"}]}
    assert [ids for ids, _ in pusher.sent] == [("a",), ("gone",)]


def test_a_malformed_record_is_dropped_not_retried() -> None:
    pusher = FakePusher()
    deps = Dependencies(store=FakeStore(), pusher=pusher)

    result = run(deps, sqs_event("not json", job("a")))

    assert result == {"batchItemFailures": []}
    assert [ids for ids, _ in pusher.sent] == [("a",)]
