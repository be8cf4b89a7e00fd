"""The fan-out queue port: hands large fan-outs to a consumer function, in order per group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class QueuedMessage:
    """One message for a FIFO queue.

    Args:
        group: The message group: messages of one group are consumed in order, one at a time.
        body: The message, UTF-8 text.
        deduplication_id: Equal ids sent within the queue's window are delivered once.
    """

    group: str
    body: str
    deduplication_id: str


class FanoutQueue(Protocol):
    """A FIFO queue (SQS FIFO on AWS, the local gateway's in-process queue locally)."""

    def send(self, messages: Sequence[QueuedMessage]) -> None:
        """Enqueue the messages, in order within each group.

        Raises:
            Exception: Some message was not accepted; the caller still owns the delivery.
        """
        ...
