"""Fan-out jobs: a frame and the connections it goes to, as messages of the fan-out queue.

Recipients are split into message groups by a stable hash of their connection id, so every
connection always lands in the same group and, since a FIFO queue hands out a group's
messages in order, gets a group's events in the order they were published. Several groups
let several consumers push one large fan-out in parallel.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ourchat.ports.queue import QueuedMessage

MESSAGE_GROUPS = 16
MAX_IDS_PER_JOB = 1000
MAX_JOB_BYTES = 250_000  # SQS's limit is 256 KiB per message


@dataclass(frozen=True, slots=True)
class FanoutJob:
    """One queued share of a fan-out: the frame, and the connections in one message group."""

    connection_ids: tuple[str, ...]
    frame: bytes

    @property
    def group_id(self) -> str | None:
        """The chat group whose event the frame carries: its top-level `groupId`.

        Every group event frame is `{"event", "groupId", "seq", "data"}`; an event for one
        user (`invitation.created`) has none, even when its data names a group.
        """
        try:
            decoded: Any = json.loads(self.frame)
        except ValueError:
            return None
        group = decoded.get("groupId") if isinstance(decoded, dict) else None
        return group if isinstance(group, str) else None


def message_group(connection_id: str, groups: int = MESSAGE_GROUPS) -> str:
    """The queue's message group of a connection: the same for it in every process."""
    return f"g{zlib.crc32(connection_id.encode('utf-8')) % groups:02d}"


def encode_jobs(
    connection_ids: Sequence[str], frame: bytes, groups: int = MESSAGE_GROUPS
) -> list[QueuedMessage]:
    """Split a fan-out into queue messages: per message group, chunks under SQS's limits.

    Raises:
        UnicodeDecodeError: The frame is not UTF-8 (every server event is UTF-8 JSON).
        ValueError: The frame alone is too large for a queue message.
    """
    # The frame is JSON inside a JSON string: escaped once per fan-out, not once per job.
    escaped = json.dumps(frame.decode("utf-8"), ensure_ascii=False)
    if len(escaped.encode("utf-8")) > MAX_JOB_BYTES // 2:
        raise ValueError("the frame is too large to queue")
    by_group: dict[str, list[str]] = {}
    for connection_id in connection_ids:
        by_group.setdefault(message_group(connection_id, groups), []).append(connection_id)
    longest = max(len(i.encode("utf-8")) for i in connection_ids) + 4 if connection_ids else 0
    room = (MAX_JOB_BYTES - len(escaped.encode("utf-8")) - 32) // max(1, longest)
    per_job = max(1, min(MAX_IDS_PER_JOB, room))
    messages = []
    for group in sorted(by_group):
        ids = by_group[group]
        for start in range(0, len(ids), per_job):
            chunk = json.dumps(ids[start : start + per_job], ensure_ascii=False)
            body = f'{{"ids":{chunk},"frame":{escaped}}}'
            digest = hashlib.sha256(f"{group}\n{body}".encode()).hexdigest()
            messages.append(QueuedMessage(group, body, digest))
    return messages


def decode_job(body: str) -> FanoutJob:
    """Read a queue message back.

    Raises:
        ValueError: The message is not a fan-out job.
    """
    decoded = json.loads(body)
    ids, frame = decoded.get("ids"), decoded.get("frame")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ValueError("a fan-out job needs a list of connection ids")
    if not isinstance(frame, str):
        raise ValueError("a fan-out job needs a frame")
    return FanoutJob(tuple(ids), frame.encode("utf-8"))
