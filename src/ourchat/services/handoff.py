"""Large fan-outs leave the request path: a Pusher that queues them for the fan-out consumer.

Below the threshold, the push stays inline, so small groups keep their latency; above it,
the sender's request only enqueues the jobs (`fanout_jobs.encode_jobs`) and returns. The
consumer (`deliver_job`) pushes them and removes the connections that turned out gone.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from ourchat.domain.timestamps import parse_timestamp
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.queue import FanoutQueue
from ourchat.ports.store import Store
from ourchat.services.fanout import CONNECT_GRACE
from ourchat.services.fanout_jobs import FanoutJob, encode_jobs

logger = logging.getLogger("ourchat.services.handoff")


class HandoffPusher:
    """Implements the Pusher port: inline up to `threshold` recipients, queued above.

    Args:
        inline: The pusher for small fan-outs.
        queue: Where large fan-outs go.
        threshold: The largest fan-out pushed inline.
    """

    def __init__(self, inline: Pusher, queue: FanoutQueue, threshold: int) -> None:
        self._inline = inline
        self._queue = queue
        self._threshold = threshold

    def send(self, connection_ids: Sequence[str], data: bytes) -> list[str]:
        """Push inline, or queue the fan-out; queued pushes report their gone ids later."""
        if len(connection_ids) <= self._threshold:
            return self._inline.send(connection_ids, data)
        try:
            self._queue.send(encode_jobs(connection_ids, data))
        except Exception as error:
            # The change is committed: its event must still go out, if only the slow way.
            logger.warning("fan-out hand-off failed, pushing inline", extra={"error": repr(error)})
            return self._inline.send(connection_ids, data)
        return []

    def disconnect(self, connection_ids: Sequence[str]) -> None:
        """Close the connections inline: closing is rare and concerns one user's few."""
        self._inline.disconnect(connection_ids)

    def close(self) -> None:
        """Close the inline pusher."""
        self._inline.close()


def deliver_job(store: Store, pusher: Pusher, clock: Clock, job: FanoutJob) -> int:
    """Push a queued job and forget its recipients that are gone, as `publish` does inline.

    Returns:
        The number of connections the frame was sent to (gone ones excluded).

    Raises:
        Exception: The store failed while removing gone connections (the job is retried).
    """
    moment = clock()
    gone = pusher.send(job.connection_ids, job.frame)
    group_id = job.group_id
    if gone and group_id is not None:
        forget_gone(store, group_id, gone, moment)
    return len(job.connection_ids) - len(gone)


def forget_gone(store: Store, group_id: str, gone: Sequence[str], moment: datetime) -> None:
    """Remove the group's gone connections, except those still inside their $connect."""
    by_id = {
        connection.connection_id: connection
        for connection in store.connections_for_group(group_id, int(moment.timestamp()))
    }
    for connection_id in gone:
        connection = by_id.get(connection_id)
        if connection and moment - parse_timestamp(connection.connected_at) > CONNECT_GRACE:
            store.delete_connection(connection.user_id, connection_id)
