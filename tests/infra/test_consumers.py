"""The manifest's queue consumers on AWS: FIFO queue, dead letters, mapping, alarms."""

from __future__ import annotations

import pytest

from ourchat.routes import CONSUMERS, QueueConsumer
from tests.support.synth import Json, Synthesized, logical_id

CONSUMER_PARAMS = [pytest.param(c, id=c.name) for c in CONSUMERS]


def queue_properties(synthesized: Synthesized, queue: object) -> Json:
    resources = synthesized.json(synthesized.stacks.api)["Resources"]
    properties: Json = resources[logical_id(queue)]["Properties"]
    return properties


@pytest.mark.parametrize("consumer", CONSUMER_PARAMS)
def test_the_queue_is_fifo_per_message_group_encrypted_and_drains_to_dead_letters(
    synthesized: Synthesized, consumer: QueueConsumer
) -> None:
    queues = synthesized.stacks.api.consumer_queues[consumer.name]

    queue = queue_properties(synthesized, queues.queue)
    dead = queue_properties(synthesized, queues.dead_letters)

    assert queue["FifoQueue"] is True
    assert queue["QueueName"] == f"ourchat-prod-{consumer.name}.fifo"
    assert queue["DeduplicationScope"] == "messageGroup"
    assert queue["FifoThroughputLimit"] == "perMessageGroupId"
    assert queue["SqsManagedSseEnabled"] is True
    assert queue["VisibilityTimeout"] == 6 * consumer.timeout_seconds
    assert queue["RedrivePolicy"] == {
        "deadLetterTargetArn": {"Fn::GetAtt": [logical_id(queues.dead_letters), "Arn"]},
        "maxReceiveCount": consumer.max_receive_count,
    }
    assert dead["FifoQueue"] is True
    assert dead["SqsManagedSseEnabled"] is True


@pytest.mark.parametrize("consumer", CONSUMER_PARAMS)
def test_both_queues_refuse_requests_without_tls(
    synthesized: Synthesized, consumer: QueueConsumer
) -> None:
    queues = synthesized.stacks.api.consumer_queues[consumer.name]
    policies = synthesized.resources(synthesized.stacks.api, "AWS::SQS::QueuePolicy")

    for queue in (queues.queue, queues.dead_letters):
        [policy] = [
            p for p in policies.values() if {"Ref": logical_id(queue)} in p["Properties"]["Queues"]
        ]
        [statement] = policy["Properties"]["PolicyDocument"]["Statement"]
        assert statement["Effect"] == "Deny"
        assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


@pytest.mark.parametrize("consumer", CONSUMER_PARAMS)
def test_the_queue_feeds_its_function_in_batches_with_partial_failures(
    synthesized: Synthesized, consumer: QueueConsumer
) -> None:
    api = synthesized.stacks.api
    function = api.functions["FanoutConsumer"]
    [mapping] = synthesized.resources(api, "AWS::Lambda::EventSourceMapping").values()

    properties = mapping["Properties"]
    assert properties["FunctionName"] == {"Ref": logical_id(function.function)}
    assert properties["EventSourceArn"] == {
        "Fn::GetAtt": [logical_id(api.consumer_queues[consumer.name].queue), "Arn"]
    }
    assert properties["BatchSize"] == consumer.batch_size
    assert properties["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    resources = synthesized.json(api)["Resources"]
    assert resources[logical_id(function.function)]["Properties"]["Handler"] == consumer.handler
    assert resources[logical_id(function.function)]["Properties"]["Timeout"] == (
        consumer.timeout_seconds
    )


def test_dead_letters_and_a_lagging_queue_raise_alarms(synthesized: Synthesized) -> None:
    alarms = synthesized.stacks.monitoring.alarms

    for name, metric, threshold in (
        ("FanoutDeadLetters", "ApproximateNumberOfMessagesVisible", 1),
        ("FanoutQueueAge", "ApproximateAgeOfOldestMessage", 60),
    ):
        resource = synthesized.json(synthesized.stacks.monitoring)["Resources"][
            logical_id(alarms[name])
        ]["Properties"]
        assert resource["MetricName"] == metric
        assert resource["Namespace"] == "AWS/SQS"
        assert resource["Threshold"] == threshold
        assert resource["AlarmActions"]
