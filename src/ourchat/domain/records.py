"""Conversion between entities and records keyed by the spec's camelCase attribute names.

Records are plain dicts of str/int values, used on the wire and by the stores. Absent
optional attributes are left out of a record rather than written as null.
"""

from __future__ import annotations

import typing
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
    Reaction,
    ReadPointer,
    ReplyTo,
    Thread,
    User,
)

Entity = (
    User | Group | Thread | Message | Membership | Connection | Invitation | Departure | ReadPointer
)
E = TypeVar(
    "E",
    User,
    Group,
    Thread,
    Message,
    Membership,
    Connection,
    Invitation,
    Member,
    Departure,
    Reaction,
    ReplyTo,
    ReadPointer,
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
    """Return the camelCase record of a dataclass entity, without attributes that are None
    (or empty tuples: a message without reactions has no `reactions`).

    Nested dataclasses become nested records; tuples and lists of them, lists of records.

    Raises:
        TypeError: `entity` is not a dataclass instance.
    """
    record: dict[str, Any] = {}
    for name, key in _field_names(type(entity)):
        value = getattr(entity, name)
        if value is not None and value != ():
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
    converters = _converters(entity_type)
    for name, key in _field_names(entity_type):
        if key in record:
            value = record[key]
            convert = converters[name]
            values[name] = convert(value) if convert is not None and value is not None else value
        elif name in _required_fields(entity_type):
            raise KeyError(f"{entity_type.__name__} record has no {key}")
    return entity_type(**values)


Converter = typing.Callable[[Any], Any]
_CONVERTERS: dict[type, dict[str, Converter | None]] = {}


def _converters(entity_type: type) -> dict[str, Converter | None]:
    """How each field's record value becomes the field's type (None: as it is); once per type."""
    converters = _CONVERTERS.get(entity_type)
    if converters is None:
        hints = typing.get_type_hints(entity_type)
        converters = {f.name: _converter(hints[f.name]) for f in fields(entity_type)}
        _CONVERTERS[entity_type] = converters
    return converters


def _converter(hint: Any) -> Converter | None:
    options = [h for h in typing.get_args(hint) if h is not type(None)] or [hint]
    if typing.get_origin(hint) is tuple:
        options = [hint]
    kind = typing.get_origin(options[0]) or options[0]
    if kind is tuple:
        item = _converter(typing.get_args(options[0])[0])
        return (lambda v: tuple(item(x) for x in v)) if item else tuple
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        return kind
    if isinstance(kind, type) and is_dataclass(kind):
        nested: type = kind

        def convert(value: Any) -> Any:
            return from_record(nested, value)

        return convert
    return None
