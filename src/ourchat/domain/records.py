"""Conversion between entities and records keyed by the spec's camelCase attribute names.

Records are plain dicts of str/int values, used on the wire and by the stores. Absent
optional attributes are left out of a record rather than written as null.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, TypeVar

from ourchat.domain.models import Connection, Group, Membership, Message, Role, Thread, User

Entity = User | Group | Thread | Message | Membership | Connection
E = TypeVar("E", User, Group, Thread, Message, Membership, Connection)


def camel_case(name: str) -> str:
    """Turn a snake_case field name into the spec's camelCase, e.g. last_message_at."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


# Computed once: records are built on every request, so field lookups stay off the hot path.
_FIELD_NAMES: dict[type, tuple[tuple[str, str], ...]] = {
    entity_type: tuple((field.name, camel_case(field.name)) for field in fields(entity_type))
    for entity_type in (User, Group, Thread, Message, Membership, Connection)
}
_REQUIRED_FIELDS: dict[type, frozenset[str]] = {
    entity_type: frozenset(field.name for field in fields(entity_type) if field.default is MISSING)
    for entity_type in _FIELD_NAMES
}


def to_record(entity: Entity) -> dict[str, Any]:
    """Return the camelCase record of an entity, without attributes that are None."""
    record: dict[str, Any] = {}
    for name, key in _FIELD_NAMES[type(entity)]:
        value = getattr(entity, name)
        if value is not None:
            record[key] = str(value) if isinstance(value, Role) else value
    return record


def from_record(entity_type: type[E], record: dict[str, Any]) -> E:
    """Build an entity from its camelCase record; extra attributes are ignored.

    Raises:
        KeyError: A required attribute is missing.
    """
    values: dict[str, Any] = {}
    for name, key in _FIELD_NAMES[entity_type]:
        if key in record:
            values[name] = record[key]
        elif name in _REQUIRED_FIELDS[entity_type]:
            raise KeyError(f"{entity_type.__name__} record has no {key}")
    if entity_type is Membership:
        values["role"] = Role(values["role"])
    return entity_type(**values)
