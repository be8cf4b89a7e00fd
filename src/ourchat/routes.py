"""The route manifest: every WebSocket route, its handler, and what the handler touches.

Both the local gateway and the CDK app read this module. The client actions come from the
protocol's declarations (`ourchat.protocol.actions`); this module adds what each one's
function may touch, and the lifecycle routes.
`reads`/`writes` name logical tables (see ourchat.adapters.dynamodb.tables) and drive each
Lambda function's least-privilege IAM policy; `pushes` grants execute-api:ManageConnections.
"""

from __future__ import annotations

from dataclasses import dataclass

from ourchat.protocol.actions import ACTIONS

ROUTE_SELECTION_EXPRESSION = "$request.body.action"
AUTHORIZER_HANDLER = "ourchat.handlers.authorizer.handler"
IDENTITY_SOURCE = "route.request.querystring.token"

# Tables every fan-out reads and cleans up: subscriptions to find recipients; a connection
# that answered 410 Gone is deleted with its subscriptions, found through the memberships.
_FANOUT_READS = ("Subscription", "Membership")
_FANOUT_WRITES = ("Subscription", "Connection")


@dataclass(frozen=True, slots=True)
class Route:
    """One route of the WebSocket API."""

    key: str
    module: str
    two_way: bool = True
    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()
    pushes: bool = False

    @property
    def handler(self) -> str:
        """The dotted path of the handler function, as Lambda's `handler` setting wants it."""
        return f"{self.module}.handler"

    @property
    def name(self) -> str:
        """A name usable in resource ids: the key without its `$`, e.g. `connect`."""
        return self.key.removeprefix("$")


@dataclass(frozen=True, slots=True)
class Access:
    """What an action's function touches: logical tables read and written, and pushes."""

    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()
    pushes: bool = False


LIFECYCLE_ROUTES: tuple[Route, ...] = (
    Route(
        "$connect",
        "ourchat.handlers.connect",
        two_way=False,
        reads=("User", "Membership"),
        writes=("User", "Connection", "Subscription"),
    ),
    Route(
        "$disconnect",
        "ourchat.handlers.disconnect",
        two_way=False,
        reads=("Membership",),
        writes=("Connection", "Subscription"),
    ),
    Route("$default", "ourchat.handlers.default"),
)

ACCESS: dict[str, Access] = {
    # One UpdateItem (ReturnValues=ALL_NEW), which needs no read permission.
    "createUser": Access(writes=("User",)),
    # The owner's live connections are subscribed to the new group at once; the owner's
    # memberships (ByUser) are counted against MAX_GROUPS_PER_USER first.
    "createGroup": Access(
        reads=("Connection", "Membership"), writes=("Group", "Membership", "Subscription")
    ),
    # The new member's live connections are subscribed to the group at once.
    "addMember": Access(
        reads=("User", "Connection", *_FANOUT_READS),
        writes=("Membership", *_FANOUT_WRITES),
        pushes=True,
    ),
    "listGroups": Access(reads=("Membership", "Group")),
    "createThread": Access(reads=_FANOUT_READS, writes=("Thread", *_FANOUT_WRITES), pushes=True),
    # Thread and Group: the append's retry checks them with ConditionCheck (a read).
    "sendMessage": Access(
        reads=("Message", "Thread", "Group", *_FANOUT_READS),
        writes=("Message", "Thread", "Group", *_FANOUT_WRITES),
        pushes=True,
    ),
    "getLastMessages": Access(reads=("Thread", "Membership", "Message")),
    "getThreadsByGroup": Access(reads=("Membership", "Thread")),
}
"""Each action's grants, by action name: exactly the actions of `ourchat.protocol.actions`."""


def handler_module(action: str) -> str:
    """The module of an action's handler: `sendMessage` is `ourchat.handlers.send_message`."""
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in action)
    return f"ourchat.handlers.{snake}"


def _action_routes() -> tuple[Route, ...]:
    if set(ACCESS) != set(ACTIONS):
        missing, extra = set(ACTIONS) - set(ACCESS), set(ACCESS) - set(ACTIONS)
        raise RuntimeError(f"ACCESS must grant every action: missing {missing}, extra {extra}")
    routes = []
    for name in ACTIONS:
        access = ACCESS[name]
        routes.append(
            Route(name, handler_module(name), True, access.reads, access.writes, access.pushes)
        )
    return tuple(routes)


ROUTES: tuple[Route, ...] = (*LIFECYCLE_ROUTES, *_action_routes())
"""Every route of the WebSocket API: the lifecycle routes, then one per client action."""
