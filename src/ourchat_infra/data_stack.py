"""The data stack: one DynamoDB table per shared table definition, each with its own KMS key.

Keys, indexes and TTL attributes come from `ourchat.adapters.dynamodb.tables.ALL_TABLES`,
the definitions the adapter and its tests use. Every table is on-demand, encrypted with a
customer-managed key that rotates yearly, and has point-in-time recovery. Physical table
names are left to CloudFormation and published in SSM Parameter Store under
`/ourchat/<stage>/tables/<LogicalName>`.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_ssm as ssm
from constructs import Construct

from ourchat.adapters.dynamodb.tables import ALL_TABLES, Key, TableDefinition
from ourchat_infra.config import InfraConfig

_ATTRIBUTE_TYPES = {"S": dynamodb.AttributeType.STRING, "N": dynamodb.AttributeType.NUMBER}
# A deleted key can be recovered for this long; the shortest KMS allows for a throwaway stage.
_KEY_PENDING_WINDOW = cdk.Duration.days(7)


def table_parameter_prefix(stage_name: str) -> str:
    """Return the SSM path under which the stage's table names are published."""
    return f"/ourchat/{stage_name}/tables/"


def attribute(key: Key) -> dynamodb.Attribute:
    """Return the CDK attribute of a key of the shared definitions."""
    return dynamodb.Attribute(name=key.name, type=_ATTRIBUTE_TYPES[key.type])


class DataStack(cdk.Stack):
    """The chat's tables and their encryption keys.

    Attributes:
        tables: Logical table name ("User", ...) to its table.
        keys: Logical table name to the KMS key that encrypts the table.
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, config: InfraConfig, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        removal = cdk.RemovalPolicy.RETAIN if config.retain_data else cdk.RemovalPolicy.DESTROY
        self.tables: dict[str, dynamodb.Table] = {}
        self.keys: dict[str, kms.Key] = {}
        for definition in ALL_TABLES:
            name = definition.logical_name
            key = kms.Key(
                self,
                f"{name}Key",
                description=f"Encrypts the ourchat {config.stage_name} {name} table",
                enable_key_rotation=True,
                pending_window=_KEY_PENDING_WINDOW,
                removal_policy=removal,
            )
            table = self._table(definition, key, removal, deletion_protection=config.retain_data)
            ssm.StringParameter(
                self,
                f"{name}TableName",
                parameter_name=table_parameter_prefix(config.stage_name) + name,
                string_value=table.table_name,
                description=f"Physical name of the ourchat {config.stage_name} {name} table",
            )
            self.tables[name], self.keys[name] = table, key

    def _table(
        self,
        definition: TableDefinition,
        key: kms.Key,
        removal: cdk.RemovalPolicy,
        *,
        deletion_protection: bool,
    ) -> dynamodb.Table:
        table = dynamodb.Table(
            self,
            f"{definition.logical_name}Table",
            partition_key=attribute(definition.partition_key),
            sort_key=attribute(definition.sort_key) if definition.sort_key else None,
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=key,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            time_to_live_attribute=definition.ttl_attribute,
            removal_policy=removal,
            deletion_protection=deletion_protection,
        )
        for index in definition.indexes:
            table.add_global_secondary_index(
                index_name=index.name,
                partition_key=attribute(index.partition_key),
                sort_key=attribute(index.sort_key) if index.sort_key else None,
                projection_type=dynamodb.ProjectionType[index.projection],
            )
        return table
