"""The fan-out queue on SQS FIFO (boto3): SendMessageBatch, ten messages a call.

A FIFO queue keeps each message group's messages in order and hands a group to one
consumer at a time; the deduplication id makes a resend within five minutes harmless.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import boto3
from botocore.config import Config

from ourchat.ports.queue import QueuedMessage

BATCH = 10  # SQS's limit per SendMessageBatch
ATTEMPTS = 3


class QueueRefused(RuntimeError):
    """SQS did not accept some messages, even after retrying them."""


def make_sqs_client(
    region_name: str,
    endpoint_url: str | None = None,
    *,
    access_key_id: str | None = None,
    secret_access_key: str | None = None,
) -> Any:
    """Return an SQS client with short timeouts (it runs inside the sender's request).

    Args:
        endpoint_url: An SQS-compatible server (moto in tests); None for AWS.
        access_key_id: Explicit credentials; None uses boto3's chain (the Lambda role).
    """
    config = Config(
        retries={"mode": "standard", "total_max_attempts": ATTEMPTS},
        connect_timeout=2,
        read_timeout=5,
    )
    return boto3.client(
        "sqs",
        region_name=region_name,
        endpoint_url=endpoint_url,
        aws_access_key_id=access_key_id,
        aws_secret_access_key=secret_access_key,
        config=config,
    )


class SqsFanoutQueue:
    """Implements the FanoutQueue port on one SQS FIFO queue.

    Args:
        client: boto3's SQS client.
        queue_url: The queue's URL.
    """

    def __init__(self, client: Any, queue_url: str) -> None:
        self._client = client
        self._url = queue_url

    def send(self, messages: Sequence[QueuedMessage]) -> None:
        """Enqueue the messages, ten per call, in order.

        Raises:
            QueueRefused: Some message was still refused after retries.
            botocore.exceptions.ClientError: SQS refused a call.
        """
        for start in range(0, len(messages), BATCH):
            self._send_batch(messages[start : start + BATCH])

    def _send_batch(self, batch: Sequence[QueuedMessage]) -> None:
        entries = {
            str(index): {
                "Id": str(index),
                "MessageBody": message.body,
                "MessageGroupId": message.group,
                "MessageDeduplicationId": message.deduplication_id,
            }
            for index, message in enumerate(batch)
        }
        for _ in range(ATTEMPTS):
            answer = self._client.send_message_batch(
                QueueUrl=self._url, Entries=list(entries.values())
            )
            failed = answer.get("Failed") or []
            if not failed:
                return
            # Only the refused entries go again (in their order); a refusal is throttling or
            # an internal error, and the deduplication id makes a double send harmless.
            entries = {
                f["Id"]: entries[f["Id"]] for f in sorted(failed, key=lambda f: int(f["Id"]))
            }
        raise QueueRefused(f"{len(entries)} fan-out messages refused: {failed[0].get('Code')}")
