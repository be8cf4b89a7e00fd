"""Tables created by `provision.create_tables` match the shared definitions in `tables`."""

from __future__ import annotations

from mypy_boto3_dynamodb import DynamoDBClient

from ourchat.adapters.dynamodb.provision import create_tables
from ourchat.adapters.dynamodb.tables import ALL_TABLES, TableDefinition


def _expected_key_schema(partition: str, sort: str | None) -> list[dict[str, str]]:
    schema = [{"AttributeName": partition, "KeyType": "HASH"}]
    return schema + ([{"AttributeName": sort, "KeyType": "RANGE"}] if sort else [])


def _check_table(client: DynamoDBClient, name: str, table: TableDefinition) -> None:
    description = client.describe_table(TableName=name)["Table"]
    sort = table.sort_key.name if table.sort_key else None
    assert description["KeySchema"] == _expected_key_schema(table.partition_key.name, sort)
    attributes = {
        d["AttributeName"]: d["AttributeType"] for d in description["AttributeDefinitions"]
    }
    assert attributes == table.attribute_definitions
    assert description["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    indexes = {i["IndexName"]: i for i in description.get("GlobalSecondaryIndexes", [])}
    assert set(indexes) == {index.name for index in table.indexes}
    for index in table.indexes:
        index_sort = index.sort_key.name if index.sort_key else None
        expected = _expected_key_schema(index.partition_key.name, index_sort)
        assert indexes[index.name]["KeySchema"] == expected
        assert indexes[index.name]["Projection"] == {"ProjectionType": index.projection}
    ttl = client.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
    if table.ttl_attribute is None:
        assert ttl["TimeToLiveStatus"] == "DISABLED"
    else:
        assert ttl["TimeToLiveStatus"] == "ENABLED"
        assert ttl["AttributeName"] == table.ttl_attribute


def test_tables_are_created_from_the_shared_definitions(
    dynamodb_client: DynamoDBClient, dynamodb_table_names: dict[str, str]
) -> None:
    for table in ALL_TABLES:
        _check_table(dynamodb_client, dynamodb_table_names[table.logical_name], table)


def test_creating_existing_tables_again_changes_nothing(
    dynamodb_client: DynamoDBClient, dynamodb_table_names: dict[str, str]
) -> None:
    create_tables(dynamodb_client, dynamodb_table_names)

    for table in ALL_TABLES:
        _check_table(dynamodb_client, dynamodb_table_names[table.logical_name], table)
