"""The route manifest: every WebSocket route, its handler, and what the handler touches.

Both the local gateway and the CDK app read this module, so a route exists in one place.
`reads`/`writes` name logical tables (see ourchat.adapters.dynamodb.tables) and drive each
Lambda function's least-privilege IAM policy; `pushes` grants execute-api:ManageConnections.
"""

from __future__ import annotations

from dataclasses import dataclass

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


ROUTES: tuple[Route, ...] = (
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
    # One UpdateItem (ReturnValues=ALL_NEW), which needs no read permission.
    Route("createUser", "ourchat.handlers.create_user", writes=("User",)),
    Route(
        "createGroup",
        "ourchat.handlers.create_group",
        # The owner's live connections are subscribed to the new group at once; the owner's
        # memberships (ByUser) are counted against MAX_GROUPS_PER_USER first.
        reads=("Connection", "Membership"),
        writes=("Group", "Membership", "Subscription"),
    ),
    Route(
        "addMember",
        "ourchat.handlers.add_member",
        # The new member's live connections are subscribed to the group at once.
        reads=("User", "Connection", *_FANOUT_READS),
        writes=("Membership", *_FANOUT_WRITES),
        pushes=True,
    ),
    Route("listGroups", "ourchat.handlers.list_groups", reads=("Membership", "Group")),
    Route(
        "createThread",
        "ourchat.handlers.create_thread",
        reads=_FANOUT_READS,
        writes=("Thread", *_FANOUT_WRITES),
        pushes=True,
    ),
    Route(
        "sendMessage",
        "ourchat.handlers.send_message",
        # Thread and Group: the append's retry checks them with ConditionCheck (a read).
        reads=("Message", "Thread", "Group", *_FANOUT_READS),
        writes=("Message", "Thread", "Group", *_FANOUT_WRITES),
        pushes=True,
    ),
    Route(
        "getLastMessages",
        "ourchat.handlers.get_last_messages",
        reads=("Thread", "Membership", "Message"),
    ),
    Route(
        "getThreadsByGroup", "ourchat.handlers.get_threads_by_group", reads=("Membership", "Thread")
    ),
)

CLIENT_ACTIONS: tuple[str, ...] = tuple(r.key for r in ROUTES if not r.key.startswith("$"))
"""The actions a client may name in a frame's `action` field."""
