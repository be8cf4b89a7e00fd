"""The Lambda CPU probe: CPU time of one sendMessage invocation, as the cost model needs it.

The real handler runs in the bench process against DynamoDB (moto, in its own process) and
pushes to a sink (its own process), so the CPU time of the bench process during an
invocation is the handler's own: validation, three DynamoDB calls, and one signed HTTP POST
per recipient. Two pushers are measured on the same groups: boto3's `post_to_connection`
per recipient (the pusher before the lean one), and the lean `ConnectionsPusher` that the
functions use. It is measured on this machine's x86 cores, not on Lambda's arm64 ones: an
estimate.
"""

from __future__ import annotations

import io
import json
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import timedelta

from benchmarks.arms import content_for
from benchmarks.progress import Progress
from benchmarks.results import ProbeResult
from benchmarks.seed import Room, seed_room, user_ids
from benchmarks.stats import median
from ourchat.adapters.apigateway.connections_pusher import ConnectionsPusher, static_credentials
from ourchat.adapters.apigateway.emf import EmfWriter
from ourchat.adapters.apigateway.pusher import ManagementApiPusher, make_management_client
from ourchat.adapters.dynamodb.provision import create_tables
from ourchat.adapters.dynamodb.tables import ALL_TABLES
from ourchat.adapters.sqs.queue import SqsFanoutQueue, make_sqs_client
from ourchat.bootstrap import Dependencies, build_dynamodb_client, build_store
from ourchat.domain.models import Connection
from ourchat.domain.timestamps import format_timestamp
from ourchat.gateway.context import LambdaContext
from ourchat.gateway.events import UpgradeRequest, message_event
from ourchat.handlers.function import Handler
from ourchat.handlers.send_message import handler as send_message_handler
from ourchat.ports.clock import system_clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.services.handoff import HandoffPusher
from ourchat.settings import Settings

REGION = "us-east-1"
DUMMY_KEY = "bench"
WARMUP_INVOCATIONS = 2
DOMAIN = "abc.execute-api.us-east-1.amazonaws.com"


class ProbeFailed(RuntimeError):
    """The handler did not answer ok."""


def _seed_connections(store: Store, size: int) -> Room:
    """A group whose one member has `size` live connections, all subscribed to it.

    One member with many connections gives the handler the same work as many members with
    one each (one Query returning `size` subscriptions, `size` POSTs), and seeds far faster
    on moto, which copies a whole table for every transaction.
    """
    now = system_clock()
    room = seed_room(store, user_ids(f"p{size}", 1), now, name="probe")
    owner = room.members[0]
    expires = int((now + timedelta(hours=2)).timestamp())
    for index in range(size):
        connection = Connection(f"conn-{index}-{owner}", owner, format_timestamp(now), expires)
        store.put_connection(connection)
    return room


def _fifo_queue(endpoint: str) -> SqsFanoutQueue:
    """A fresh FIFO queue on moto's server (the same process serves DynamoDB and SQS)."""
    client = make_sqs_client(REGION, endpoint, access_key_id=DUMMY_KEY, secret_access_key=DUMMY_KEY)
    name = f"probe-{uuid.uuid4().hex[:8]}.fifo"
    url = client.create_queue(QueueName=name, Attributes={"FifoQueue": "true"})["QueueUrl"]
    return SqsFanoutQueue(client, url)


def _invoke(handler: Handler, room: Room, seq: int) -> None:
    sender = room.members[0]
    now = system_clock()
    upgrade = UpgradeRequest(f"conn-0-{sender}", now, (), (), "127.0.0.1", "bench", DOMAIN, "prod")
    frame = json.dumps(
        {
            "action": "sendMessage",
            "requestId": f"p{seq}",
            "groupId": room.group_id,
            "threadId": room.thread_id,
            "content": content_for(seq),
            "clientMessageId": f"p{seq}-{uuid.uuid4().hex[:8]}",
        }
    )
    authorizer = {"principalId": sender, "userId": sender, "userName": ""}
    event = message_event(upgrade, "sendMessage", frame, now, authorizer, f"req-{seq}")
    result = handler(event, LambdaContext("bench-sendMessage", 29))
    if result.get("statusCode") != 200 or '"ok":true' not in str(result.get("body")):
        raise ProbeFailed(str(result)[:300])


def measure_probe(
    dynamodb_url: str, sink_url: str, sizes: Sequence[int], invocations: int, progress: Progress
) -> list[ProbeResult]:
    """Time sendMessage to groups of each size; return the median CPU and wall milliseconds.

    Raises:
        ProbeFailed: An invocation failed.
    """
    prefix = f"probe{uuid.uuid4().hex[:8]}-"
    settings = Settings(
        store="dynamodb",
        dynamodb_endpoint=dynamodb_url,
        region=REGION,
        table_names={table.logical_name: prefix + table.logical_name for table in ALL_TABLES},
        dynamodb_credentials=(DUMMY_KEY, DUMMY_KEY),
    )
    create_tables(build_dynamodb_client(settings), settings.table_names)
    store = build_store(settings)

    pushers: dict[str, Callable[[], Pusher]] = {
        "boto3": lambda: ManagementApiPusher(
            make_management_client(
                sink_url, REGION, access_key_id=DUMMY_KEY, secret_access_key=DUMMY_KEY
            )
        ),
        "lean": lambda: ConnectionsPusher(
            sink_url,
            REGION,
            credentials=static_credentials(DUMMY_KEY, DUMMY_KEY),
            metrics=EmfWriter(io.StringIO()),  # Lambda writes these lines too: their cost counts
        ),
        # The request path of a large fan-out: jobs to the SQS FIFO queue (moto), no POSTs.
        "queued": lambda: HandoffPusher(
            ConnectionsPusher(
                sink_url, REGION, credentials=static_credentials(DUMMY_KEY, DUMMY_KEY)
            ),
            _fifo_queue(dynamodb_url),
            threshold=0,
        ),
    }
    rooms = []
    for size in sizes:
        progress.line(f"   probe: seeding a group with {size} live connections")
        rooms.append(_seed_connections(store, size))
    results: list[ProbeResult] = []
    seq = 0
    for name, build in pushers.items():
        pusher: Pusher = build()
        deps = Dependencies(store=store, pusher=pusher)
        handler = send_message_handler.bind(deps)
        try:
            for size, room in zip(sizes, rooms, strict=True):
                cpu: list[float] = []
                wall: list[float] = []
                for index in range(WARMUP_INVOCATIONS + invocations):
                    seq += 1
                    cpu_before, wall_before = time.process_time(), time.perf_counter()
                    _invoke(handler, room, seq)
                    if index >= WARMUP_INVOCATIONS:
                        cpu.append((time.process_time() - cpu_before) * 1000)
                        wall.append((time.perf_counter() - wall_before) * 1000)
                results.append(ProbeResult(size, invocations, median(cpu), median(wall), name))
                progress.line(
                    f"   probe ({name}): {size} recipients, {median(cpu):.1f} ms CPU per send"
                )
        finally:
            pusher.close()
    return results
