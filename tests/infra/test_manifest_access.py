"""The route manifest grants exactly the DynamoDB accesses of every route.

Each function's IAM policy comes from its route's `reads`/`writes`; a handler that touches
a table or index its route does not list would fail on AWS only. Here the real handlers
run a whole chat scenario against the DynamoDB store on moto's server, and every request
they make (each action inside TransactWriteItems too) must be one the manifest grants.
The other way round, every grant must be used by some request of the scenario (least
privilege), except the 410 cleanup's, which every pushing route needs.
"""

from __future__ import annotations

import importlib
import json
import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from mypy_boto3_dynamodb import DynamoDBClient

from ourchat.adapters.dynamodb.store import DynamoDbStore
from ourchat.adapters.dynamodb.tables import ALL_TABLES
from ourchat.bootstrap import Dependencies
from ourchat.handlers import fanout
from ourchat.protocol.actions import ACTIONS
from ourchat.routes import CONSUMERS, FANOUT, ROUTES, QueueConsumer, Route
from ourchat.services.fanout import encode_event
from ourchat.services.fanout_jobs import encode_jobs
from tests.support.fakes import FakePusher, SteppingClock
from tests.support.samples import Ids, sample_fields

# As ourchat_infra.route_access grants them: a read grant is GetItem, BatchGetItem and Query,
# a write grant PutItem, UpdateItem and DeleteItem (ReturnValues, ConditionExpression and
# ReturnValuesOnConditionCheckFailure need nothing more). No grant has ConditionCheckItem, so
# a TransactWriteItems ConditionCheck is refused here as it would be on AWS.
READS = {"GetItem", "BatchGetItem", "Query"}
WRITES = {"PutItem", "UpdateItem", "DeleteItem"}
TRANSACT_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
}
ROUTES_BY_KEY = {route.key: route for route in ROUTES}

Access = tuple[str, str, str | None]  # (action, logical table, index)
Grant = tuple[str, str]  # (logical table, "read" or "write")
CLEANUP = "410 cleanup"
"""The recorder's name for the accesses of forgetting a gone connection (`push`)."""


class AccessRecorder:
    """Records, per route, the (action, table, index) of every request of a client."""

    def __init__(self, client: DynamoDBClient, table_names: dict[str, str]) -> None:
        self.logical = {physical: logical for logical, physical in table_names.items()}
        self.route = ""
        self.accesses: dict[str, set[Access]] = defaultdict(set)
        client.meta.events.register("provide-client-params.dynamodb", self._record)

    def _record(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        for action, table, index in self._accesses(model.name, params):
            self.accesses[self.route].add((action, self.logical[table], index))

    def _accesses(self, operation: str, params: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
        if operation == "TransactWriteItems":
            for item in params["TransactItems"]:
                [(kind, action)] = item.items()
                yield TRANSACT_ACTIONS[kind], action["TableName"], None
        elif operation == "BatchGetItem":
            for table in params["RequestItems"]:
                yield operation, table, None
        else:
            yield operation, params["TableName"], params.get("IndexName")


def granted(route: Route | QueueConsumer, access: Access) -> bool:
    action, table, index = access
    if index is not None:
        indexes = {i.name for t in ALL_TABLES if t.logical_name == table for i in t.indexes}
        return action == "Query" and table in route.reads and index in indexes
    return (table in route.reads and action in READS) or (
        table in route.writes and action in WRITES
    )


def grants_of(route: Route | QueueConsumer) -> set[Grant]:
    return {(t, "read") for t in route.reads} | {(t, "write") for t in route.writes}


def grants_used(accesses: set[Access]) -> set[Grant]:
    """The grants the accesses need (an unknown action needs none: the check above fails)."""
    return {(table, "read") for action, table, _ in accesses if action in READS} | {
        (table, "write") for action, table, _ in accesses if action in WRITES
    }


class Chat:
    """Calls the real handlers with API Gateway-shaped events, on a clock the test moves."""

    def __init__(
        self, recorder: AccessRecorder, clock: SteppingClock, dependencies: Dependencies
    ) -> None:
        self.recorder = recorder
        self.clock = clock
        self.dependencies = dependencies
        self.called: set[str] = set()

    def call(self, key: str, user: str, connection: str, body: dict[str, Any] | None = None) -> Any:
        """Call a route's handler as `user` on `connection`; return the reply's data.

        Raises:
            AssertionError: The handler refused the request (a $connect or frame error).
        """
        self.recorder.route = key
        self.called.add(key)
        module = importlib.import_module(ROUTES_BY_KEY[key].module)
        event = {
            "requestContext": {
                "routeKey": key,
                "connectionId": connection,
                "requestId": uuid.uuid4().hex,
                "domainName": "example.execute-api.ap-southeast-2.amazonaws.com",
                "stage": "prod",
                "authorizer": {"principalId": user, "userId": user, "userName": user},
            },
            "body": json.dumps({"action": key, "requestId": "r", **(body or {})}),
        }
        result = module.handler.bind(self.dependencies)(event, None)
        assert result["statusCode"] == 200, (key, result)
        reply = json.loads(result.get("body", "{}"))
        assert reply.get("ok", True) or key == "$default", (key, reply)
        return reply.get("data")


@pytest.fixture
def chat(dynamodb_client: DynamoDBClient, dynamodb_table_names: dict[str, str]) -> Chat:
    recorder = AccessRecorder(dynamodb_client, dynamodb_table_names)
    store = DynamoDbStore(dynamodb_client, dynamodb_table_names)
    # bob's first connection is gone: pushing to it exercises the 410 cleanup.
    pusher = FakePusher(gone={"bob-old"})
    clock = SteppingClock(step=timedelta(milliseconds=10))
    return Chat(recorder, clock, Dependencies(store=store, pusher=pusher, clock=clock))


def run_scenario(chat: Chat) -> None:
    """Every route once at least, including the retry and 410-cleanup paths."""
    chat.call("$connect", "alice", "alice-1")
    chat.call("$connect", "bob", "bob-old")
    chat.call("$connect", "bob", "bob-1")
    chat.call("createUser", "alice", "alice-1", {"userName": "Alice"})
    group = chat.call("createGroup", "alice", "alice-1", {"groupName": "Team"})["groupId"]
    chat.call("addMember", "alice", "alice-1", {"groupId": group, "userId": "bob"})
    chat.call("acceptInvitation", "bob", "bob-1", {"groupId": group})
    thread = chat.call(
        "createThread", "alice", "alice-1", {"groupId": group, "threadName": "Plans"}
    )["threadId"]
    message = {"groupId": group, "threadId": thread, "content": "hi", "clientMessageId": "m1"}
    chat.clock.advance(timedelta(minutes=5))  # past the $connect grace: 410 means gone
    chat.call("sendMessage", "bob", "bob-1", message)
    chat.call("sendMessage", "bob", "bob-1", message)  # a replay: the original comes back
    chat.clock.advance(timedelta(minutes=-1))  # older than the thread's last message
    chat.call("sendMessage", "bob", "bob-1", {**message, "clientMessageId": "m2"})
    chat.call("getLastMessages", "alice", "alice-1", {"threadId": thread})
    chat.call("getThreadsByGroup", "alice", "alice-1", {"groupId": group})
    chat.call("listGroups", "bob", "bob-1")
    chat.call("$default", "bob", "bob-1", {"action": "dance"})
    # Membership: an invitation declined, one accepted and left; roles; a removal
    chat.call("$connect", "carol", "carol-1")
    invited = {"groupId": group, "userId": "carol"}
    chat.call("addMember", "alice", "alice-1", invited)
    chat.call("listInvitations", "carol", "carol-1")
    chat.call("declineInvitation", "carol", "carol-1", {"groupId": group})
    chat.call("addMember", "alice", "alice-1", invited)
    chat.call("acceptInvitation", "carol", "carol-1", {"groupId": group})
    chat.call("leaveGroup", "carol", "carol-1", {"groupId": group})
    # carol catches up on the group she left, up to her departure (Departure)
    chat.call("sync", "carol", "carol-1", {"groups": [{"groupId": group, "afterSeq": 0}]})
    chat.call("setMemberRole", "alice", "alice-1", {**invited, "userId": "bob", "role": "admin"})
    chat.call("updateGroup", "bob", "bob-1", {"groupId": group, "groupName": "Renamed"})
    chat.call("updateThread", "bob", "bob-1", {"threadId": thread, "threadName": "Later"})
    chat.call("listMembers", "alice", "alice-1", {"groupId": group})
    # Messages change: a reply, an edit, reactions, a deletion by a manager
    first = chat.call("sendMessage", "alice", "alice-1", {**message, "clientMessageId": "m3"})
    target = {"threadId": thread, "messageId": first["messageId"]}
    reply = {**message, "clientMessageId": "m4", "replyToMessageId": first["messageId"]}
    answer = chat.call("sendMessage", "bob", "bob-1", reply)
    edit = {"threadId": thread, "messageId": answer["messageId"], "content": "hi!"}
    chat.call("editMessage", "bob", "bob-1", edit)
    chat.call("addReaction", "bob", "bob-1", {**target, "emoji": "🎉"})
    chat.call("removeReaction", "bob", "bob-1", {**target, "emoji": "🎉"})
    chat.call("addReaction", "bob", "bob-1", {**target, "emoji": "👍"})
    # Read state, typing and presence
    chat.call("markRead", "alice", "alice-1", target)
    chat.call("getThreadsByGroup", "alice", "alice-1", {"groupId": group})
    chat.call("listGroups", "alice", "alice-1")
    chat.call("typing", "bob", "bob-1", {"threadId": thread})
    chat.call("watchPresence", "alice", "alice-1", {"groupId": group})
    chat.call("$connect", "bob", "bob-2")
    chat.call("listMembers", "alice", "alice-1", {"groupId": group})
    chat.call("sync", "alice", "alice-1", {"groups": [{"groupId": group, "afterSeq": 0}]})
    chat.call("deleteMessage", "bob", "bob-1", target)  # an admin's, with a reaction and a reply
    chat.call("removeMember", "alice", "alice-1", {"groupId": group, "userId": "bob"})
    for action in ACTIONS:  # and every other action once, with a sample frame
        if action not in chat.called and action != "deleteUser":
            fields = sample_fields(action, Ids(group, thread, "bob"), optional=True)
            chat.call(action, "alice", "alice-1", fields)
    chat.call("$disconnect", "alice", "alice-1")
    # bob invites alice to a group of his: deleteUser deletes the open invitation
    other = chat.call("createGroup", "bob", "bob-1", {"groupName": "Other"})["groupId"]
    chat.call("addMember", "bob", "bob-1", {"groupId": other, "userId": "alice"})
    # The fan-out consumer: a queued job whose recipient turned out gone (alice is the
    # group's last member: bob was removed and carol left).
    chat.call("$connect", "alice", "alice-stale")
    chat.clock.advance(timedelta(minutes=5))
    pusher = chat.dependencies.direct_pusher
    assert isinstance(pusher, FakePusher)
    pusher.gone.add("alice-stale")
    chat.recorder.route = FANOUT.name
    frame = encode_event(
        "group.updated", {"groupId": group, "groupName": "Renamed"}, group_id=group, seq=99
    )
    records = [
        {"messageId": str(n), "body": message.body}
        for n, message in enumerate(encode_jobs(["bob-1", "alice-stale"], frame))
    ]
    result = fanout.handler.bind(chat.dependencies)({"Records": records}, None)
    assert result == {"batchItemFailures": []}
    # Last, alice erases her account: she leaves the group she is the last member of
    chat.call("deleteUser", "alice", "alice-stale")


def test_every_dynamodb_access_of_every_route_is_granted_by_the_manifest(chat: Chat) -> None:
    run_scenario(chat)

    accesses_by_route = chat.recorder.accesses
    functions: dict[str, Route | QueueConsumer] = {**ROUTES_BY_KEY}
    functions.update((consumer.name, consumer) for consumer in CONSUMERS)
    assert set(accesses_by_route) == set(functions) - {"$default"}
    assert ("UpdateItem", "Group", None) in accesses_by_route["sendMessage"]  # the seq gate
    assert ("DeleteItem", "Connection", None) in accesses_by_route["sendMessage"]
    assert ("DeleteItem", "Connection", None) in accesses_by_route[FANOUT.name]
    for key, accesses in accesses_by_route.items():
        refused = sorted(a for a in accesses if not granted(functions[key], a))
        assert not refused, f"function {key} would be refused {refused} on AWS"


def test_every_grant_of_every_route_is_used_by_the_scenario(chat: Chat) -> None:
    run_scenario(chat)
    # What forgetting a gone connection takes, recorded on its own: every pushing route may
    # have to, but the scenario has a gone connection in a few fan-outs only. (bob is still
    # a member of his own group, so a subscription is deleted too.)
    chat.recorder.route = CLEANUP
    chat.dependencies.store.delete_connection("bob", "bob-gone")
    cleanup = grants_used(chat.recorder.accesses.pop(CLEANUP))
    assert cleanup == {("Membership", "read"), ("Subscription", "write"), ("Connection", "write")}
    assert cleanup <= grants_of(FANOUT)  # FANOUT_READS and FANOUT_WRITES

    functions: list[Route | QueueConsumer] = [*ROUTES, *CONSUMERS]
    unused = {}
    for function in functions:
        name = function.key if isinstance(function, Route) else function.name
        spare = grants_of(function) - grants_used(chat.recorder.accesses.get(name, set()))
        if function.pushes:
            spare -= cleanup
        if spare:
            unused[name] = sorted(spare)
    assert not unused, f"granted but never used (trim the grants or extend the scenario): {unused}"
