"""Least privilege: each function's role names only the actions and resources its route uses.

The expectation is derived here from the route manifest and the adapter's calls (listed
literally below, as docs/design.md states them), independently of ourchat_infra.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest

from ourchat.adapters.dynamodb.tables import ALL_TABLES
from ourchat.routes import CONSUMERS, FANOUT, ROUTES, QueueConsumer, Route
from ourchat_infra.functions import ChatFunction
from tests.support.synth import Json, Synthesized, logical_id

READS = {
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
}
WRITES = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}
KEY_READS = {"kms:Decrypt", "kms:DescribeKey"}
KEY_WRITES = {"kms:Encrypt", "kms:GenerateDataKey"}
LOGS = {"logs:CreateLogStream", "logs:PutLogEvents"}
# Active tracing (on by default): X-Ray's write actions, which take no resource ARN.
TRACES = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}
CONSUME = {
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:ChangeMessageVisibility",
    "sqs:GetQueueAttributes",
}
IAM_POLICY_TYPES = ("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")

Grants = dict[tuple[str, ...], set[str]]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


class GrantReader:
    """Reads a role's inline policy as {(kind, name...): actions}."""

    def __init__(self, synthesized: Synthesized) -> None:
        self.synthesized = synthesized
        data = synthesized.stacks.data
        self.tables = {logical_id(t): name for name, t in data.tables.items()}
        self.keys = {logical_id(k): name for name, k in data.keys.items()}
        self.api_id = logical_id(synthesized.stacks.api.api)
        self.queues = {
            json.dumps({"Fn::GetAtt": [logical_id(q.queue), "Arn"]}): name
            for name, q in synthesized.stacks.api.consumer_queues.items()
        }

    def resource(self, value: Any, log_group: str) -> tuple[str, ...]:
        if value == {"Fn::GetAtt": [log_group, "Arn"]}:
            return ("logs",)
        if value == "*":
            return ("any resource",)
        if json.dumps(value) in self.queues:
            return ("queue", self.queues[json.dumps(value)])
        if isinstance(value, dict) and "Fn::Join" in value:
            parts = value["Fn::Join"][1]
            connections = ("/POST/@connections/*", "/DELETE/@connections/*")
            if parts[-1].endswith(connections) and {"Ref": self.api_id} in parts:
                return ("connections", parts[-1])
            table = self.tables[self.synthesized.origin(parts[0])[1]]
            return ("index", table, parts[1])
        _, resource_id = self.synthesized.origin(value)
        if resource_id in self.tables:
            return ("table", self.tables[resource_id])
        return ("key", self.keys[resource_id])

    def grants(self, function: ChatFunction) -> Grants:
        api = self.synthesized.stacks.api
        resources = self.synthesized.json(api)["Resources"]
        role_id = resources[logical_id(function.function)]["Properties"]["Role"]["Fn::GetAtt"][0]
        grants: Grants = defaultdict(set)
        for policy in resources[role_id]["Properties"]["Policies"]:
            for statement in policy["PolicyDocument"]["Statement"]:
                assert statement["Effect"] == "Allow"
                for value in as_list(statement["Resource"]):
                    kind = self.resource(value, logical_id(function.log_group))
                    if kind[0] == "key":
                        assert statement["Condition"]["StringEquals"]["kms:ViaService"]
                    grants[kind] |= set(as_list(statement["Action"]))
        return dict(grants)


def expected_grants(route: Route | QueueConsumer) -> Grants:
    grants: Grants = {("logs",): LOGS, ("any resource",): TRACES}
    for table in ALL_TABLES:
        name = table.logical_name
        reads, writes = name in route.reads, name in route.writes
        if not (reads or writes):
            continue
        grants[("table", name)] = (READS if reads else set()) | (WRITES if writes else set())
        grants[("key", name)] = KEY_READS | (KEY_WRITES if writes else set())
        for index in table.indexes if reads else ():
            grants[("index", name, f"/index/{index.name}")] = {"dynamodb:Query"}
    if route.pushes:
        grants[("connections", "/prod/POST/@connections/*")] = {"execute-api:ManageConnections"}
    if isinstance(route, Route) and route.disconnects:
        grants[("connections", "/prod/DELETE/@connections/*")] = {"execute-api:ManageConnections"}
    if isinstance(route, QueueConsumer):
        grants[("queue", route.name)] = CONSUME
    elif route.pushes:
        grants[("queue", FANOUT.name)] = {"sqs:SendMessage"}
    return grants


@pytest.mark.parametrize("route", [pytest.param(r, id=r.key) for r in ROUTES])
def test_a_routes_role_grants_exactly_what_the_manifest_says_it_uses(
    synthesized: Synthesized, route: Route
) -> None:
    function = synthesized.stacks.api.route_functions[route.key]

    assert GrantReader(synthesized).grants(function) == expected_grants(route)


@pytest.mark.parametrize("consumer", [pytest.param(c, id=c.name) for c in CONSUMERS])
def test_a_consumers_role_grants_its_tables_pushes_and_only_consuming_its_queue(
    synthesized: Synthesized, consumer: QueueConsumer
) -> None:
    function = synthesized.stacks.api.functions[f"{consumer.name.capitalize()}Consumer"]

    assert GrantReader(synthesized).grants(function) == expected_grants(consumer)


def test_the_authorizer_may_only_write_its_own_logs(synthesized: Synthesized) -> None:
    function = synthesized.stacks.api.functions["Authorizer"]

    assert GrantReader(synthesized).grants(function) == {
        ("logs",): LOGS,
        ("any resource",): TRACES,
    }


def test_only_x_ray_is_granted_on_any_resource(synthesized_bare: Synthesized) -> None:
    # Without tracing, no statement names `*` as its resource
    reader = GrantReader(synthesized_bare)
    for function in synthesized_bare.stacks.api.functions.values():
        assert ("any resource",) not in reader.grants(function)


def test_functions_have_no_policy_besides_their_inline_one(synthesized: Synthesized) -> None:
    api = synthesized.stacks.api

    assert synthesized.resources(api, "AWS::IAM::Policy") == {}
    roles = synthesized.resources(api, "AWS::IAM::Role")
    function_roles = {logical_id(f.role) for f in api.functions.values()}
    assert all("ManagedPolicyArns" not in roles[r]["Properties"] for r in function_roles)


def iam_statements(template: Json) -> list[Json]:
    statements: list[Json] = []
    for resource in template["Resources"].values():
        if resource["Type"] not in IAM_POLICY_TYPES:
            continue
        properties = resource["Properties"]
        documents = [p["PolicyDocument"] for p in properties.get("Policies", [])]
        documents += [properties["PolicyDocument"]] if "PolicyDocument" in properties else []
        for document in documents:
            statements += document["Statement"]
    return statements


def test_no_iam_statement_of_any_stack_has_a_wildcard_action(
    synthesized: Synthesized, synthesized_bare: Synthesized
) -> None:
    for app in (synthesized, synthesized_bare):
        for stack in app.stacks.all():
            for statement in iam_statements(app.json(stack)):
                actions = as_list(statement.get("Action", []))
                assert not [a for a in actions if "*" in a], (stack.stack_name, statement)
                assert "NotAction" not in statement
