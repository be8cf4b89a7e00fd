"""Conversion between entities and DynamoDB items (attribute names as in the spec).

Every attribute the chat stores is a string or an integer, so the codec maps exactly those
two to DynamoDB's S and N types and rejects anything else rather than guessing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

from ourchat.domain.records import E, Entity, from_record, to_record

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import AttributeValueTypeDef

    Item: TypeAlias = dict[str, AttributeValueTypeDef]
else:
    # The type stubs are a development dependency only; at run time an item is a dict.
    Item: TypeAlias = dict[str, Any]

Scalar: TypeAlias = str | int


def encode_value(value: Scalar) -> AttributeValueTypeDef:
    """Return the AttributeValue of a string or an integer.

    Raises:
        TypeError: The value is neither (booleans included: they are not stored).
    """
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, int) and not isinstance(value, bool):
        return {"N": str(value)}
    raise TypeError(f"cannot store {type(value).__name__} values in DynamoDB items")


def decode_value(value: Mapping[str, object]) -> Scalar:
    """Return the string or integer an AttributeValue holds.

    Raises:
        TypeError: The AttributeValue is of another DynamoDB type.
    """
    if "S" in value:
        return str(value["S"])
    if "N" in value:
        return int(str(value["N"]))
    raise TypeError(f"unexpected DynamoDB attribute type {sorted(value)}")


def encode_item(record: Mapping[str, Scalar]) -> Item:
    """Return the DynamoDB item of a record of strings and integers."""
    return {name: encode_value(value) for name, value in record.items()}


def decode_item(item: Mapping[str, Mapping[str, object]]) -> dict[str, Scalar]:
    """Return the record of strings and integers that a DynamoDB item holds.

    String sets are the adapter's own bookkeeping (a user's `liveConnections`), never an
    entity's attribute: they are left out.
    """
    return {name: decode_value(value) for name, value in item.items() if "SS" not in value}


def key(**attributes: str) -> Item:
    """Return a primary key (or any item) made of string attributes, e.g. key(userId=...)."""
    return {name: {"S": value} for name, value in attributes.items()}


def entity_item(entity: Entity, **extra: Scalar) -> Item:
    """Return the item of an entity, with extra attributes such as index keys."""
    return encode_item(to_record(entity) | extra)


def entity_from_item(entity_type: type[E], item: Mapping[str, Mapping[str, object]]) -> E:
    """Build an entity from its item; attributes the entity lacks (index keys) are dropped.

    Raises:
        KeyError: A required attribute is missing.
    """
    return from_record(entity_type, decode_item(item))
