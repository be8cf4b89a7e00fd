"""The route manifest: every function, its handler, and what the handler touches.

Both the local gateway and the CDK app read this module. The WebSocket routes: the client
actions' routes come from their declarations (`ourchat.protocol.actions`, grants included);
the lifecycle routes are declared here. The functions that are no route, such as the
fan-out queue's consumer, are declared here too (`CONSUMERS`).
`reads`/`writes` name logical tables (see ourchat.adapters.dynamodb.tables) and drive each
Lambda function's least-privilege IAM policy; `pushes` grants execute-api:ManageConnections
on @connections POST and, for a route, sending to the fan-out queue (`FANOUT`), where it
hands large fan-outs; `disconnects` grants it on @connections DELETE.
"""

from __future__ import annotations

from dataclasses import dataclass

from ourchat.protocol.actions import ACTIONS
from ourchat.protocol.declaring import FANOUT_READS, FANOUT_WRITES, Action

ROUTE_SELECTION_EXPRESSION = "$request.body.action"
AUTHORIZER_HANDLER = "ourchat.handlers.authorizer.handler"
IDENTITY_SOURCE = "route.request.querystring.token"
ORIGIN_HEADER = "x-origin-verify"
"""The header CloudFront adds with the origin secret, which the `$connect` authorizer checks."""
ORIGIN_IDENTITY_SOURCE = f"route.request.header.{ORIGIN_HEADER}"


def identity_sources(through_edge: bool) -> tuple[str, ...]:
    """Return the `$connect` authorizer's identity sources.

    API Gateway answers 401 without invoking the authorizer when one of them is missing.

    Args:
        through_edge: Clients come through CloudFront, which adds the origin header.
    """
    return (ORIGIN_IDENTITY_SOURCE, IDENTITY_SOURCE) if through_edge else (IDENTITY_SOURCE,)


@dataclass(frozen=True, slots=True)
class Route:
    """One route of the WebSocket API."""

    key: str
    module: str
    two_way: bool = True
    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()
    pushes: bool = False
    disconnects: bool = False

    @property
    def handler(self) -> str:
        """The dotted path of the handler function, as Lambda's `handler` setting wants it."""
        return f"{self.module}.handler"

    @property
    def name(self) -> str:
        """A name usable in resource ids: the key without its `$`, e.g. `connect`."""
        return self.key.removeprefix("$")


LIFECYCLE_ROUTES: tuple[Route, ...] = (
    Route(
        "$connect",
        "ourchat.handlers.connect",
        two_way=False,
        # The user's live connections are counted (Connection) against the per-user cap. A
        # first connection makes the user online (User's liveConnections): the watchers of
        # their groups (Subscription's ByWatch) are told.
        reads=("User", "Membership", "Connection", "Subscription"),
        writes=("User", "Connection", "Subscription"),
        pushes=True,
    ),
    Route(
        "$disconnect",
        "ourchat.handlers.disconnect",
        two_way=False,
        # The last connection makes the user offline, told like coming online.
        reads=("User", "Membership", "Subscription"),
        writes=("User", "Connection", "Subscription"),
        pushes=True,
    ),
    Route("$default", "ourchat.handlers.default"),
)


def handler_module(action: str) -> str:
    """The module of an action's handler: `sendMessage` is `ourchat.handlers.send_message`."""
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in action)
    return f"ourchat.handlers.{snake}"


def action_route(action: Action) -> Route:
    """The route of a client action: its handler module and its grants."""
    grants = action.grants
    return Route(
        action.name,
        handler_module(action.name),
        True,
        grants.reads,
        grants.writes,
        grants.pushes,
        grants.disconnects,
    )


ROUTES: tuple[Route, ...] = (*LIFECYCLE_ROUTES, *map(action_route, ACTIONS.values()))
"""Every route of the WebSocket API: the lifecycle routes, then one per client action."""


@dataclass(frozen=True, slots=True)
class QueueConsumer:
    """A function fed by a FIFO queue of its own (SQS on AWS, in process locally).

    Args:
        name: The function's and its queue's name, e.g. `fanout`.
        module: Its handler's module; the handler answers SQS batches with
            `batchItemFailures` (partial batch responses).
        batch_size: Messages per invocation at most (SQS FIFO allows 10).
        max_receive_count: Deliveries of a message before it goes to the dead-letter queue.
        timeout_seconds: The function's time limit; the queue hides a delivered message for
            six times as long, as AWS advises for Lambda consumers.
    """

    name: str
    module: str
    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()
    pushes: bool = False
    batch_size: int = 10
    max_receive_count: int = 5
    timeout_seconds: int = 60

    @property
    def handler(self) -> str:
        """The dotted path of the handler function."""
        return f"{self.module}.handler"


FANOUT = QueueConsumer(
    "fanout",
    "ourchat.handlers.fanout",
    # Removing a gone connection: the group's subscriptions, the user's memberships, then
    # the connection and its subscriptions (as every pushing route does inline).
    reads=FANOUT_READS,
    writes=FANOUT_WRITES,
    pushes=True,
)
"""Pushes the fan-outs that pushing routes hand off (above the hand-off threshold)."""

CONSUMERS: tuple[QueueConsumer, ...] = (FANOUT,)
"""Every function that is not a WebSocket route."""
