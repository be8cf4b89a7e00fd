"""The SQS fan-out queue against moto's server: FIFO order per message group, deduplication."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

import pytest

from ourchat.adapters.sqs.queue import SqsFanoutQueue, make_sqs_client
from ourchat.services.fanout_jobs import decode_job, encode_jobs
from tests.support.moto import DUMMY_CREDENTIAL, MOTO_REGION


@pytest.fixture
def sqs(moto_endpoint: str) -> Any:
    return make_sqs_client(
        MOTO_REGION,
        moto_endpoint,
        access_key_id=DUMMY_CREDENTIAL,
        secret_access_key=DUMMY_CREDENTIAL,
    )


@pytest.fixture
def queue_url(sqs: Any) -> str:
    name = f"fanout-{uuid.uuid4().hex[:8]}.fifo"
    url: str = sqs.create_queue(QueueName=name, Attributes={"FifoQueue": "true"})["QueueUrl"]
    return url


def receive_all(sqs: Any, url: str, expected: int) -> list[dict[str, Any]]:
    received: list[dict[str, Any]] = []
    for _ in range(50):  # bounded: moto answers at once
        if len(received) >= expected:
            break
        answer = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["MessageGroupId"]
        )
        for message in answer.get("Messages", []):
            received.append(message)
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return received


def test_fan_outs_arrive_in_order_within_each_message_group(sqs: Any, queue_url: str) -> None:
    queue = SqsFanoutQueue(sqs, queue_url)
    ids = [f"conn-{n}" for n in range(40)]
    frames = [f'{{"event":"e","data":{{"n":{n}}}}}'.encode() for n in range(5)]
    sent = [message for frame in frames for message in encode_jobs(ids, frame, groups=4)]

    for frame in frames:
        queue.send(encode_jobs(ids, frame, groups=4))
    received = receive_all(sqs, queue_url, len(sent))

    assert len(received) == len(sent)
    by_group: dict[str, list[bytes]] = defaultdict(list)
    for message in received:
        by_group[message["Attributes"]["MessageGroupId"]].append(decode_job(message["Body"]).frame)
    assert sorted(by_group) == ["g00", "g01", "g02", "g03"]
    for frames_seen in by_group.values():
        assert frames_seen == frames


def test_a_resent_fan_out_is_delivered_once(sqs: Any, queue_url: str) -> None:
    queue = SqsFanoutQueue(sqs, queue_url)
    messages = encode_jobs(["a", "b", "c"], b'{"event":"e","data":{}}', groups=1)

    queue.send(messages)
    queue.send(messages)

    assert len(receive_all(sqs, queue_url, 2)) == 1
