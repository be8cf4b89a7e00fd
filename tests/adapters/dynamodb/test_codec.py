"""Entities to DynamoDB items and back: strings as S, integers as N, nothing else."""

from __future__ import annotations

import pytest

from ourchat.adapters.dynamodb.codec import (
    decode_item,
    encode_item,
    encode_value,
    entity_from_item,
    entity_item,
    key,
)
from ourchat.domain.models import Connection, Membership, Role, User
from tests.support.builders import a_connection, at, future_epoch, user_id


def test_strings_and_integers_round_trip() -> None:
    record: dict[str, str | int] = {"name": "Ada 🎉", "count": 1795923464, "zero": 0}

    item = encode_item(record)

    assert item == {"name": {"S": "Ada 🎉"}, "count": {"N": "1795923464"}, "zero": {"N": "0"}}
    assert decode_item(item) == record


@pytest.mark.parametrize("value", [True, 1.5, None, b"bytes"])
def test_other_values_are_refused(value: object) -> None:
    with pytest.raises(TypeError):
        encode_value(value)  # type: ignore[arg-type]


def test_other_attribute_types_are_refused() -> None:
    with pytest.raises(TypeError, match="BOOL"):
        decode_item({"flag": {"BOOL": True}})


def test_entities_round_trip_and_extra_attributes_are_dropped() -> None:
    connection = a_connection(user_id(), expires_at=future_epoch())

    item = entity_item(connection, groupId="01J0000000000000000000000G")

    assert item["expiresAt"] == {"N": str(connection.expires_at)}
    assert entity_from_item(Connection, item) == connection


def test_absent_optional_attributes_are_left_out() -> None:
    user = User(user_id(), "Ada", at(0))

    assert set(entity_item(user)) == {"userId", "userName", "createdAt"}


def test_roles_are_stored_as_strings() -> None:
    membership = Membership("01J0000000000000000000000G", user_id(), Role.OWNER, at(0))

    item = entity_item(membership)

    assert item["role"] == {"S": "owner"}
    assert entity_from_item(Membership, item) == membership


def test_key_builds_string_attributes() -> None:
    assert key(groupId="g", userId="u") == {"groupId": {"S": "g"}, "userId": {"S": "u"}}
