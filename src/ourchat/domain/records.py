"""Conversion between entities and records keyed by the spec's camelCase attribute names.

Records are plain dicts of str/int values, used on the wire and by the stores. Absent
optional attributes are left out of a record rather than written as null.
"""

from __future__ import annotations

from dataclasses import MISSING, fields, is_dataclass
from enum import StrEnum
from typing import Any, TypeVar

from ourchat.domain.models import (
    Connection,
    Departure,
    Group,
    Invitation,
    Member,
    Membership,
    Message,
    Role,
    Thread,
    User,
)

Entity = User | Group | Thread | Message | Membership | Connection | Invitation | Departure
E = TypeVar(
    "E", User, Group, Thread, Message, Membership, Connection, Invitation, Member, Departure
)


def camel_case(name: str) -> str:
    """Turn a snake_case field name into the spec's camelCase, e.g. last_message_at."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


# Computed once per type: records are built on every request.
_FIELD_NAMES: dict[type, tuple[tuple[str, str], ...]] = {}
_REQUIRED_FIELDS: dict[type, frozenset[str]] = {}


def _field_names(entity_type: type) -> tuple[tuple[str, str], ...]:
    names = _FIELD_NAMES.get(entity_type)
    if names is None:
        names = tuple((f.name, camel_case(f.name)) for f in fields(entity_type))
        _FIELD_NAMES[entity_type] = names
    return names


def _required_fields(entity_type: type) -> frozenset[str]:
    required = _REQUIRED_FIELDS.get(entity_type)
    if required is None:
        required = frozenset(f.name for f in fields(entity_type) if f.default is MISSING)
        _REQUIRED_FIELDS[entity_type] = required
    return required


def to_record(entity: object) -> dict[str, Any]:
    """Return the camelCase record of a dataclass entity, without attributes that are None.

    Nested dataclasses become nested records; tuples and lists of them, lists of records.

    Raises:
        TypeError: `entity` is not a dataclass instance.
    """
    record: dict[str, Any] = {}
    for name, key in _field_names(type(entity)):
        value = getattr(entity, name)
        if value is not None:
            record[key] = _wire_value(value)
    return record


def _wire_value(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return str(value)
    if is_dataclass(value):
        return to_record(value)
    if isinstance(value, tuple | list):
        return [_wire_value(item) for item in value]
    return value


def from_record(entity_type: type[E], record: dict[str, Any]) -> E:
    """Build an entity from its camelCase record; extra attributes are ignored.

    Raises:
        KeyError: A required attribute is missing.
    """
    values: dict[str, Any] = {}
    for name, key in _field_names(entity_type):
        if key in record:
            values[name] = record[key]
        elif name in _required_fields(entity_type):
            raise KeyError(f"{entity_type.__name__} record has no {key}")
    if "role" in values:
        values["role"] = Role(values["role"])
    return entity_type(**values)
