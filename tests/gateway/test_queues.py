"""The gateway's in-process FIFO queues run their consumer as Lambda's SQS mapping would."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest

from ourchat.gateway import Gateway, GatewayConfig, GatewayServer
from ourchat.ports.queue import QueuedMessage
from ourchat.routes import QueueConsumer
from tests.support.gateway import SAMPLES, sample_routes
from tests.support.sample_handlers import consumer

CONSUMER = QueueConsumer("jobs", f"{SAMPLES}.consumer", batch_size=3, max_receive_count=2)


@pytest.fixture
def server() -> Iterator[GatewayServer]:
    consumer.reset()
    gateway = Gateway(sample_routes(), None, GatewayConfig(), consumers=[CONSUMER])
    with GatewayServer(gateway) as running:
        yield running


def messages(*bodies: tuple[str, str]) -> list[QueuedMessage]:
    return [QueuedMessage(group, body, f"{group}/{body}") for group, body in bodies]


def records_by_group(batches: list[list[dict[str, object]]]) -> dict[str, list[object]]:
    seen: dict[str, list[object]] = defaultdict(list)
    for batch in batches:
        for record in batch:
            attributes = record["attributes"]
            assert isinstance(attributes, dict)
            seen[attributes["MessageGroupId"]].append(record["body"])
    return seen


def test_each_group_is_consumed_in_order_in_sqs_shaped_batches(server: GatewayServer) -> None:
    sent = [(f"g{n % 3}", f"m{n}") for n in range(12)]

    server.gateway.send_to_queue("jobs", messages(*sent))
    batches = consumer.wait_for_bodies(12)

    assert all(1 <= len(batch) <= 3 for batch in batches)
    first = batches[0][0]
    assert first["eventSource"] == "aws:sqs"
    assert str(first["eventSourceARN"]).endswith(":jobs.fifo")
    for group, bodies in records_by_group(batches).items():
        assert bodies == [body for g, body in sent if g == group]


def test_failed_records_come_again_before_the_rest_of_their_group(server: GatewayServer) -> None:
    bodies = ["fail:1", "a", "b", "c"]  # batches of 3: "c" waits while the first batch runs
    server.gateway.send_to_queue("jobs", messages(*(("g", body) for body in bodies)))

    batches = consumer.wait_for_bodies(5)

    assert records_by_group(batches)["g"] == ["fail:1", "a", "b", "fail:1", "c"]
    assert server.gateway.queue("jobs").dead_letters == []


def test_a_record_failing_too_often_goes_to_the_dead_letters(server: GatewayServer) -> None:
    server.gateway.send_to_queue("jobs", messages(("g", "fail:9"), ("g", "next")))

    batches = consumer.wait_for_bodies(3)

    assert records_by_group(batches)["g"] == ["fail:9", "next", "fail:9"]
    assert [m.body for m in wait_dead(server)] == ["fail:9"]


def test_an_invocation_that_raises_fails_its_whole_batch(server: GatewayServer) -> None:
    server.gateway.send_to_queue("jobs", messages(("g", "raise")))

    consumer.wait_for_bodies(2)

    assert [m.body for m in wait_dead(server)] == ["raise"]


def test_a_duplicate_within_the_window_is_dropped(server: GatewayServer) -> None:
    server.gateway.send_to_queue("jobs", messages(("g", "once")))
    server.gateway.send_to_queue("jobs", messages(("g", "once"), ("g", "next")))

    batches = consumer.wait_for_bodies(2)

    assert records_by_group(batches)["g"] == ["once", "next"]


def wait_dead(server: GatewayServer) -> list[Any]:
    """Wait (bounded, 5 s) for the queue's first dead letter."""
    queue = server.gateway.queue("jobs")
    for _ in range(100):
        if queue.dead_letters:
            return list(queue.dead_letters)
        time.sleep(0.05)
    raise TimeoutError("no dead letter")
