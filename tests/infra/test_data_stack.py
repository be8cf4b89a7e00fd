"""The data stack: the adapter's tables, each with its own rotating key, PITR and SSM name."""

from __future__ import annotations

import pytest
from aws_cdk.assertions import Match

from ourchat.adapters.dynamodb.provision import table_spec
from ourchat.adapters.dynamodb.tables import ALL_TABLES, TableDefinition
from ourchat_infra.data_stack import table_parameter_prefix
from tests.support.synth import Json, Synthesized, logical_id

TABLES = [pytest.param(t, id=t.logical_name) for t in ALL_TABLES]


def table_of(synthesized: Synthesized, definition: TableDefinition) -> Json:
    data = synthesized.stacks.data
    resource: Json = synthesized.json(data)["Resources"][
        logical_id(data.tables[definition.logical_name])
    ]
    return resource


def test_there_is_one_table_per_shared_definition(synthesized: Synthesized) -> None:
    template = synthesized.template(synthesized.stacks.data)

    template.resource_count_is("AWS::DynamoDB::Table", len(ALL_TABLES))
    template.resource_count_is("AWS::KMS::Key", len(ALL_TABLES))


@pytest.mark.parametrize("definition", TABLES)
def test_keys_indexes_and_ttl_equal_the_adapters_definitions(
    synthesized: Synthesized, definition: TableDefinition
) -> None:
    # Given the CreateTable request the adapter's own provisioning builds
    expected = table_spec("unused", definition)

    properties = table_of(synthesized, definition)["Properties"]

    assert properties["KeySchema"] == expected["KeySchema"]
    assert sorted(properties["AttributeDefinitions"], key=str) == sorted(
        expected["AttributeDefinitions"], key=str
    )
    assert properties.get("GlobalSecondaryIndexes", []) == expected.get(
        "GlobalSecondaryIndexes", []
    )
    ttl = properties.get("TimeToLiveSpecification")
    if definition.ttl_attribute is None:
        assert ttl is None
    else:
        assert ttl == {"AttributeName": definition.ttl_attribute, "Enabled": True}


@pytest.mark.parametrize("definition", TABLES)
def test_every_table_is_on_demand_with_its_own_rotating_key_and_pitr(
    synthesized: Synthesized, definition: TableDefinition
) -> None:
    data = synthesized.stacks.data
    key_id = logical_id(data.keys[definition.logical_name])

    properties = table_of(synthesized, definition)["Properties"]

    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert properties["SSESpecification"] == {
        "SSEEnabled": True,
        "SSEType": "KMS",
        "KMSMasterKeyId": {"Fn::GetAtt": [key_id, "Arn"]},
    }
    synthesized.template(data).has_resource(
        "AWS::KMS::Key",
        {"Properties": Match.object_like({"EnableKeyRotation": True})},
    )
    assert synthesized.json(data)["Resources"][key_id]["Properties"]["EnableKeyRotation"] is True


@pytest.mark.parametrize("definition", TABLES)
def test_table_names_are_published_under_the_documented_prefix(
    synthesized: Synthesized, definition: TableDefinition
) -> None:
    data = synthesized.stacks.data

    synthesized.template(data).has_resource_properties(
        "AWS::SSM::Parameter",
        {
            "Name": table_parameter_prefix("prod") + definition.logical_name,
            "Value": {"Ref": logical_id(data.tables[definition.logical_name])},
        },
    )


def test_data_is_retained_and_protected_by_default(synthesized: Synthesized) -> None:
    data = synthesized.stacks.data
    resources = synthesized.json(data)["Resources"]

    for name in data.tables:
        table, key = (
            resources[logical_id(data.tables[name])],
            resources[logical_id(data.keys[name])],
        )
        assert table["DeletionPolicy"] == "Retain"
        assert table["Properties"]["DeletionProtectionEnabled"] is True
        assert key["DeletionPolicy"] == "Retain"


def test_retain_data_false_lets_the_tables_and_keys_go(synthesized_bare: Synthesized) -> None:
    data = synthesized_bare.stacks.data
    resources = synthesized_bare.json(data)["Resources"]

    for name in data.tables:
        table, key = (
            resources[logical_id(data.tables[name])],
            resources[logical_id(data.keys[name])],
        )
        assert table["DeletionPolicy"] == "Delete"
        assert table["Properties"]["DeletionProtectionEnabled"] is False
        assert key["DeletionPolicy"] == "Delete"
