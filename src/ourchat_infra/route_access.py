"""Least-privilege IAM statements of a route's function, from the route manifest.

A route's `reads` and `writes` name logical tables; the DynamoDB adapter only ever calls
GetItem, BatchGetItem, Query (on tables and their indexes), PutItem, UpdateItem and
DeleteItem (also inside TransactWriteItems, which needs no permission of its own). Each
table's KMS key is usable only through DynamoDB. `pushes` grants @connections POST on
this API's own stage, `disconnects` @connections DELETE there, nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms

from ourchat.adapters.dynamodb.tables import ALL_TABLES, TableDefinition
from ourchat.routes import QueueConsumer, Route

READ_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
)
WRITE_ACTIONS = ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem")
INDEX_ACTIONS = ("dynamodb:Query",)
KEY_READ_ACTIONS = ("kms:Decrypt", "kms:DescribeKey")
KEY_WRITE_ACTIONS = ("kms:Encrypt", "kms:GenerateDataKey")
MANAGE_CONNECTIONS = "execute-api:ManageConnections"

_DEFINITIONS: dict[str, TableDefinition] = {t.logical_name: t for t in ALL_TABLES}


def tables_of(route: Route | QueueConsumer) -> list[str]:
    """Return the logical tables a route touches, in the order of the shared definitions.

    Raises:
        KeyError: The route names a table that has no definition.
    """
    for name in (*route.reads, *route.writes):
        if name not in _DEFINITIONS:
            raise KeyError(f"function {route.handler} names unknown table {name!r}")
    touched = set(route.reads) | set(route.writes)
    return [t.logical_name for t in ALL_TABLES if t.logical_name in touched]


def table_statements(
    route: Route | QueueConsumer,
    tables: Mapping[str, dynamodb.ITable],
    keys: Mapping[str, kms.IKey],
    region: str,
) -> list[iam.PolicyStatement]:
    """Return the statements that let a route's function use exactly its tables.

    Reads get the read actions on the table and Query on each of its indexes; writes get
    the write actions. The table's key allows decrypting for reads and encrypting for
    writes, and only through DynamoDB in this Region. Tables granted the same actions share
    a statement, in the order of the shared definitions, so the policy is small and stable.
    """
    table_grants: dict[tuple[str, ...], list[str]] = {}
    key_grants: dict[tuple[str, ...], list[str]] = {}
    index_arns: list[str] = []
    for name in tables_of(route):
        table, reads, writes = tables[name], name in route.reads, name in route.writes
        actions = (READ_ACTIONS if reads else ()) + (WRITE_ACTIONS if writes else ())
        table_grants.setdefault(actions, []).append(table.table_arn)
        key_actions = KEY_READ_ACTIONS + (KEY_WRITE_ACTIONS if writes else ())
        key_grants.setdefault(key_actions, []).append(keys[name].key_arn)
        if reads:
            index_arns += [f"{table.table_arn}/index/{i.name}" for i in _DEFINITIONS[name].indexes]
    via_dynamodb = {"StringEquals": {"kms:ViaService": f"dynamodb.{region}.{cdk.Aws.URL_SUFFIX}"}}
    statements = [
        iam.PolicyStatement(actions=list(actions), resources=arns)
        for actions, arns in table_grants.items()
    ]
    if index_arns:
        statements.append(iam.PolicyStatement(actions=list(INDEX_ACTIONS), resources=index_arns))
    statements += [
        iam.PolicyStatement(actions=list(actions), resources=arns, conditions=via_dynamodb)
        for actions, arns in key_grants.items()
    ]
    return statements


def connections_arn(stack: cdk.Stack, api_id: str, stage_name: str, method: str = "POST") -> str:
    """Return the ARN of @connections POST (or another method) on one stage of one API."""
    return stack.format_arn(
        service="execute-api",
        resource=api_id,
        resource_name=f"{stage_name}/{method}/@connections/*",
        arn_format=cdk.ArnFormat.SLASH_RESOURCE_NAME,
    )


def push_statement(connections: str) -> iam.PolicyStatement:
    """Return the statement that lets a function push to (or close) the connections of an ARN."""
    return iam.PolicyStatement(actions=[MANAGE_CONNECTIONS], resources=[connections])
