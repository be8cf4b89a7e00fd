"""The queue consumers of the route manifest (`ourchat.routes.CONSUMERS`) on AWS.

Each gets an SQS FIFO queue (high-throughput mode: deduplication and throughput per message
group), a FIFO dead-letter queue after `max_receive_count` deliveries, and an event source
mapping that reports partial batch failures. Both queues are encrypted with SQS-managed keys
and refuse requests without TLS. The queue's visibility timeout is six times the function's
timeout, as AWS advises for Lambda consumers.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from ourchat.routes import QueueConsumer

QUEUE_RETENTION = cdk.Duration.days(1)
DEAD_LETTER_RETENTION = cdk.Duration.days(14)
SEND_ACTIONS = ("sqs:SendMessage",)
CONSUME_ACTIONS = (
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:ChangeMessageVisibility",
    "sqs:GetQueueAttributes",
)


def queue_name(stage_name: str, consumer: QueueConsumer, suffix: str = "") -> str:
    """The queue's name, e.g. `ourchat-prod-fanout.fifo` (FIFO names end in `.fifo`)."""
    return f"ourchat-{stage_name}-{consumer.name}{suffix}.fifo"


class ConsumerQueues(Construct):
    """A consumer's FIFO queue and its dead-letter queue.

    Attributes:
        queue: Where producers send.
        dead_letters: Where messages go after `max_receive_count` failed deliveries.
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, consumer: QueueConsumer, stage_name: str
    ) -> None:
        super().__init__(scope, construct_id)
        self.dead_letters = sqs.Queue(
            self,
            "DeadLetters",
            queue_name=queue_name(stage_name, consumer, "-dead-letters"),
            fifo=True,
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=DEAD_LETTER_RETENTION,
        )
        self.queue = sqs.Queue(
            self,
            "Queue",
            queue_name=queue_name(stage_name, consumer),
            fifo=True,
            deduplication_scope=sqs.DeduplicationScope.MESSAGE_GROUP,
            fifo_throughput_limit=sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=QUEUE_RETENTION,
            visibility_timeout=cdk.Duration.seconds(6 * consumer.timeout_seconds),
            dead_letter_queue=sqs.DeadLetterQueue(
                max_receive_count=consumer.max_receive_count, queue=self.dead_letters
            ),
        )

    def send_statement(self) -> iam.PolicyStatement:
        """Lets a producer send to the queue (SendMessageBatch needs sqs:SendMessage)."""
        return iam.PolicyStatement(actions=list(SEND_ACTIONS), resources=[self.queue.queue_arn])

    def consume_statement(self) -> iam.PolicyStatement:
        """Lets the consumer's event source mapping receive and delete the queue's messages."""
        return iam.PolicyStatement(actions=list(CONSUME_ACTIONS), resources=[self.queue.queue_arn])

    def feed(self, consumer: QueueConsumer, function: lambda_.IFunction) -> None:
        """Map the queue to the function: batches, partial batch failure reports."""
        lambda_.EventSourceMapping(
            self,
            "Mapping",
            target=function,
            event_source_arn=self.queue.queue_arn,
            batch_size=consumer.batch_size,
            report_batch_item_failures=True,
        )
