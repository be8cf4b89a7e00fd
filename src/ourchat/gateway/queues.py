"""Local stand-ins for SQS FIFO queues and their Lambda consumers (event source mappings).

What the fan-out relies on is kept: messages of one message group are handed out in order
and never two batches of a group at once; a batch is one invocation of the consumer with an
SQS-shaped event; its `batchItemFailures` go back to the front of their group and come again
after a delay; a message received `max_receive_count` times goes to the dead letters; a
deduplication id seen in the last five minutes is dropped. Groups run in parallel, up to
`concurrency` invocations at once. Everything runs on the gateway's event loop; messages
live in memory only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ourchat.gateway.events import ACCOUNT_ID, REGION
from ourchat.gateway.invoker import IntegrationError, Invoker, LoadedHandler
from ourchat.ports.queue import QueuedMessage
from ourchat.routes import QueueConsumer

logger = logging.getLogger("ourchat.gateway")

DEDUPLICATION_SECONDS = 300.0
RETRY_DELAY_SECONDS = 1.0
DEFAULT_CONCURRENCY = 4


@dataclass
class _Message:
    message_id: str
    group: str
    body: str
    deduplication_id: str
    sent_at_ms: int
    receives: int = 0


@dataclass
class _Group:
    messages: deque[_Message] = field(default_factory=deque)
    busy: bool = False
    ready_at: float = 0.0


class LocalQueue:
    """One FIFO queue and the invocations of its consumer.

    Args:
        consumer: The manifest's declaration (batch size, receive count).
        handler: The consumer's loaded handler.
        invoker: Runs the handler as the gateway runs routes.
        concurrency: Batches in flight at once, each of other message groups.
        retry_delay: Seconds before a failed batch's messages come again.
    """

    def __init__(
        self,
        consumer: QueueConsumer,
        handler: LoadedHandler,
        invoker: Invoker,
        concurrency: int = DEFAULT_CONCURRENCY,
        retry_delay: float = RETRY_DELAY_SECONDS,
    ) -> None:
        self.consumer = consumer
        self.dead_letters: list[_Message] = []
        self.consumed = 0
        """Messages the consumer has handled successfully."""
        self._handler = handler
        self._invoker = invoker
        self._concurrency = concurrency
        self._retry_delay = retry_delay
        self._groups: OrderedDict[str, _Group] = OrderedDict()
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._in_flight = 0
        self._batches = 0
        self._wake: asyncio.Event | None = None
        self._arn = f"arn:aws:sqs:{REGION}:{ACCOUNT_ID}:{consumer.name}.fifo"

    @property
    def pending(self) -> int:
        """Messages waiting or in flight."""
        return sum(len(group.messages) for group in self._groups.values()) + self._in_flight

    def put(self, messages: Sequence[QueuedMessage]) -> None:
        """Enqueue messages (on the event loop), dropping recent duplicates."""
        now = time.monotonic()
        while self._seen and next(iter(self._seen.values())) < now - DEDUPLICATION_SECONDS:
            self._seen.popitem(last=False)
        for message in messages:
            if message.deduplication_id in self._seen:
                continue
            self._seen[message.deduplication_id] = now
            group = self._groups.setdefault(message.group, _Group())
            group.messages.append(
                _Message(
                    str(uuid.uuid4()),
                    message.group,
                    message.body,
                    message.deduplication_id,
                    int(time.time() * 1000),
                )
            )
        if self._wake is not None:
            self._wake.set()

    async def run(self) -> None:
        """Hand batches to the consumer until cancelled."""
        self._wake = asyncio.Event()
        tasks: set[asyncio.Task[None]] = set()
        try:
            while True:
                self._wake.clear()
                while self._batches < self._concurrency and (batch := self._take_batch()):
                    task = asyncio.create_task(self._invoke(batch))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
                await self._sleep_until_due()
        finally:
            for task in tasks:
                task.cancel()
            if self.pending:
                logger.warning("%d queued messages dropped at shutdown", self.pending)

    async def _sleep_until_due(self) -> None:
        assert self._wake is not None
        now = time.monotonic()
        waits = [g.ready_at - now for g in self._groups.values() if g.messages and not g.busy]
        timeout = max(0.0, min(waits)) if waits else None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)

    def _take_batch(self) -> list[_Message]:
        """The next batch: whole runs of messages from groups that are free and due."""
        batch: list[_Message] = []
        now = time.monotonic()
        for group in self._groups.values():
            if group.busy or not group.messages or group.ready_at > now:
                continue
            group.busy = True
            while group.messages and len(batch) < self.consumer.batch_size:
                batch.append(group.messages.popleft())
            if len(batch) >= self.consumer.batch_size:
                break
        self._in_flight += len(batch)
        self._batches += bool(batch)
        return batch

    def _record(self, message: _Message) -> dict[str, Any]:
        message.receives += 1
        return {
            "messageId": message.message_id,
            "receiptHandle": message.message_id,
            "body": message.body,
            "attributes": {
                "ApproximateReceiveCount": str(message.receives),
                "SentTimestamp": str(message.sent_at_ms),
                "MessageGroupId": message.group,
                "MessageDeduplicationId": message.deduplication_id,
            },
            "messageAttributes": {},
            "eventSource": "aws:sqs",
            "eventSourceARN": self._arn,
            "awsRegion": REGION,
        }

    async def _invoke(self, batch: list[_Message]) -> None:
        event = {"Records": [self._record(message) for message in batch]}
        try:
            result = await self._invoker.invoke(self._handler, event)
            failures = result.get("batchItemFailures") if isinstance(result, dict) else None
            failed = {f.get("itemIdentifier") for f in failures or []}
        except IntegrationError:
            failed = {message.message_id for message in batch}  # the invoker logged it
        finally:
            self._in_flight -= len(batch)
            self._batches -= 1
        self._settle(batch, failed)

    def _settle(self, batch: list[_Message], failed: set[Any]) -> None:
        """Put failed messages back at the front of their groups, or into the dead letters."""
        by_group: dict[str, list[_Message]] = {}
        for message in batch:
            by_group.setdefault(message.group, []).append(message)
        for name, messages in by_group.items():
            group = self._groups[name]
            group.busy = False
            again = [m for m in messages if m.message_id in failed]
            self.consumed += len(messages) - len(again)
            dead = [m for m in again if m.receives >= self.consumer.max_receive_count]
            if dead:
                self.dead_letters += dead
                logger.warning("%d messages moved to the dead letters", len(dead))
            group.messages.extendleft(reversed([m for m in again if m not in dead]))
            if again:
                group.ready_at = time.monotonic() + self._retry_delay
            elif not group.messages:
                del self._groups[name]
        if self._wake is not None:
            self._wake.set()
