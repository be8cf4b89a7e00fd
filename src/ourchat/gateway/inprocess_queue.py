"""A FanoutQueue that fills one of the local gateway's in-process queues."""

from __future__ import annotations

from collections.abc import Sequence

from ourchat.gateway.app import Gateway
from ourchat.ports.queue import QueuedMessage


class InProcessQueue:
    """Implements the FanoutQueue port with `Gateway.send_to_queue`, as SQS would be on AWS.

    Args:
        gateway: The gateway running the consumer.
        name: The consumer's name in the manifest, e.g. `fanout`.
    """

    def __init__(self, gateway: Gateway, name: str) -> None:
        self._gateway = gateway
        self._name = name

    def send(self, messages: Sequence[QueuedMessage]) -> None:
        """Enqueue the messages, in order.

        Raises:
            RuntimeError: The gateway is not running.
        """
        self._gateway.send_to_queue(self._name, messages)
