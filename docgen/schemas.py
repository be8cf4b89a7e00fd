"""JSON Schema components of every request, reply and event payload of the protocol.

msgspec writes the schemas of the request structs and of the domain's dataclasses; the
dataclasses' snake_case fields become the wire's camelCase, optional entity attributes are
absent rather than null (as `ourchat.domain.records` writes them), and named fields get
their rules from `docgen.fields`.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterable
from typing import Any

import msgspec

from docgen.fields import SHARED, Schema, field_schema
from ourchat.domain.events import EVENTS
from ourchat.domain.records import camel_case
from ourchat.protocol.actions import ACTIONS

REF = "#/components/schemas/{name}"


def protocol_types() -> list[type]:
    """Every type the protocol names: requests, replies and event payloads."""
    types: list[type] = []
    for action in ACTIONS.values():
        types += [action.request, action.reply]
    types += [event.payload for event in EVENTS.values()]
    return list(dict.fromkeys(types))


def entity_types(types: Iterable[object]) -> list[type]:
    """The dataclasses among the types and inside them, at any depth, in order of discovery."""
    found: list[type] = []
    seen: set[object] = set()
    pending: list[object] = list(types)
    while pending:
        kind = pending.pop(0)
        if kind in seen:
            continue
        seen.add(kind)
        pending += typing.get_args(kind)
        if not isinstance(kind, type):
            continue
        if dataclasses.is_dataclass(kind):
            found.append(kind)
        if dataclasses.is_dataclass(kind) or issubclass(kind, msgspec.Struct):
            pending += typing.get_type_hints(kind).values()
    return found


def _non_null(schema: Schema) -> Schema:
    options = [s for s in schema.get("anyOf", []) if s != {"type": "null"}]
    return options[0] if len(options) == 1 else schema


def _refine(component: str, name: str, schema: Schema, *, entity: bool) -> Schema:
    schema = {k: v for k, v in schema.items() if k != "default"}
    nullable = {"type": "null"} in schema.get("anyOf", [])
    inner = _non_null(schema)
    if inner.get("type") in {"string", "integer"}:
        inner = field_schema(name, component)
    if nullable and not entity:
        return {"anyOf": [inner, {"type": "null"}]}
    return inner


def _component(name: str, schema: Schema, entity: bool) -> Schema:
    properties = {
        camel_case(key): _refine(name, camel_case(key), value, entity=entity)
        for key, value in schema.get("properties", {}).items()
    }
    refined = {k: v for k, v in schema.items() if k not in {"title", "properties", "required"}}
    refined["type"] = "object"
    refined["properties"] = properties
    refined["required"] = [camel_case(key) for key in schema.get("required", [])]
    return refined


def components(types: Iterable[type] | None = None) -> dict[str, Schema]:
    """Return the schema components of the protocol's types, by name, with shared ones."""
    chosen = list(types) if types is not None else protocol_types()
    _, raw = msgspec.json.schema_components(chosen, ref_template=REF)
    entities = {kind.__name__ for kind in entity_types(chosen)}
    out: dict[str, Schema] = dict(SHARED)
    for name in sorted(raw):
        schema: Any = raw[name]
        if "properties" in schema:
            out[name] = _component(name, schema, name in entities)
        else:
            out[name] = {k: v for k, v in schema.items() if k != "title"}
    return out
