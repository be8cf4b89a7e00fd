"""Creation of the chat's tables from the shared definitions in `tables`.

Used by the tests and by the local server with a DynamoDB-compatible backend; on AWS the
CDK app creates the same tables from the same definitions. Creating is idempotent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from ourchat.adapters.dynamodb.errors import error_code
from ourchat.adapters.dynamodb.tables import ALL_TABLES, Index, Key, TableDefinition

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import (
        CreateTableInputTypeDef,
        GlobalSecondaryIndexTypeDef,
        KeySchemaElementTypeDef,
    )

WAIT_DELAY_SECONDS = 1
WAIT_MAX_ATTEMPTS = 60


def key_schema(partition_key: Key, sort_key: Key | None) -> list[KeySchemaElementTypeDef]:
    """Return the KeySchema of a table or index."""
    schema: list[KeySchemaElementTypeDef] = [
        {"AttributeName": partition_key.name, "KeyType": "HASH"}
    ]
    if sort_key is not None:
        schema.append({"AttributeName": sort_key.name, "KeyType": "RANGE"})
    return schema


def index_spec(index: Index) -> GlobalSecondaryIndexTypeDef:
    """Return the GlobalSecondaryIndexes entry of an index, with its projection."""
    return {
        "IndexName": index.name,
        "KeySchema": key_schema(index.partition_key, index.sort_key),
        "Projection": {"ProjectionType": index.projection},
    }


def table_spec(name: str, table: TableDefinition) -> CreateTableInputTypeDef:
    """Return the CreateTable request of a table: on-demand capacity, GSIs projecting all."""
    definitions = table.attribute_definitions.items()
    spec: CreateTableInputTypeDef = {
        "TableName": name,
        "KeySchema": key_schema(table.partition_key, table.sort_key),
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t} for n, t in definitions],
        "BillingMode": "PAY_PER_REQUEST",
    }
    if table.indexes:
        spec["GlobalSecondaryIndexes"] = [index_spec(index) for index in table.indexes]
    return spec


def _create_table(client: DynamoDBClient, name: str, table: TableDefinition) -> None:
    try:
        client.create_table(**table_spec(name, table))
    except ClientError as error:
        if error_code(error) != "ResourceInUseException":
            raise


def _enable_ttl(client: DynamoDBClient, name: str, attribute: str) -> None:
    description = client.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
    if description.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"):
        return
    client.update_time_to_live(
        TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": attribute}
    )


def create_tables(
    client: DynamoDBClient,
    table_names: Mapping[str, str],
    definitions: Iterable[TableDefinition] = ALL_TABLES,
) -> None:
    """Create every table (on-demand capacity, GSIs, TTL) unless it exists, and wait for it.

    Args:
        client: A DynamoDB client.
        table_names: Logical table name to physical table name.
        definitions: The tables to create; all of the chat's by default.

    Raises:
        KeyError: A table has no physical name in `table_names`.
    """
    tables = [(table_names[table.logical_name], table) for table in definitions]
    for name, table in tables:
        _create_table(client, name, table)
    waiter = client.get_waiter("table_exists")
    for name, table in tables:
        waiter.wait(
            TableName=name,
            WaiterConfig={"Delay": WAIT_DELAY_SECONDS, "MaxAttempts": WAIT_MAX_ATTEMPTS},
        )
        if table.ttl_attribute is not None:
            _enable_ttl(client, name, table.ttl_attribute)
