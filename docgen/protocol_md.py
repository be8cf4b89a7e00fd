"""The generated tables of docs/protocol.md: actions, events and entities.

Each table sits between a pair of markers, `<!-- generated:NAME -->` and
`<!-- /generated:NAME -->`; the prose around them is written by hand.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Callable

import msgspec

from docgen.schemas import entity_types, protocol_types
from ourchat.domain.events import EVENTS
from ourchat.domain.records import camel_case
from ourchat.protocol.actions import ACTIONS


def _request_fields(request: type[msgspec.Struct]) -> str:
    names = []
    for field in msgspec.structs.fields(request):
        optional = field.default is not msgspec.NODEFAULT
        names.append(f"`{field.encode_name}{'?' if optional else ''}`")
    return ", ".join(names) or "none"


def _shape(kind: type) -> str:
    """How a reply or payload type reads in a table: `the Message`, or a page's fields."""
    if dataclasses.is_dataclass(kind):
        return f"the {kind.__name__}"
    parts = []
    for field in msgspec.structs.fields(kind):
        if typing.get_origin(field.type) is list:
            (item,) = typing.get_args(field.type)
            parts.append(f"{field.encode_name}: [{item.__name__}]")
        else:
            parts.append(field.encode_name)
    return "`{" + ", ".join(parts) + "}`"


def actions_table() -> str:
    """The table of client actions."""
    rows = [
        "| action | fields | reply `data` | who may send it | what it does |",
        "|---|---|---|---|---|",
    ]
    for action in ACTIONS.values():
        rows.append(
            f"| `{action.name}` | {_request_fields(action.request)} | {_shape(action.reply)} "
            f"| {action.who.text} | {action.summary} |"
        )
    return "\n".join(rows)


def events_table() -> str:
    """The table of server events."""
    rows = ["| event | `data` | sent when |", "|---|---|---|"]
    for event in EVENTS.values():
        rows.append(f"| `{event.name}` | {_shape(event.payload)} | {event.summary} |")
    return "\n".join(rows)


def entities_list() -> str:
    """The list of entities with their attributes; `?` marks one that may be absent."""
    lines = []
    for entity in entity_types(protocol_types()):
        attributes = [
            camel_case(f.name) + ("?" if f.default is not dataclasses.MISSING else "")
            for f in dataclasses.fields(entity)
        ]
        lines.append(f"- {entity.__name__}: `{', '.join(attributes)}`")
    return "\n".join(lines)


SECTIONS = {"actions": actions_table, "events": events_table, "entities": entities_list}


def _between_markers(generated: str) -> Callable[[re.Match[str]], str]:
    return lambda match: match.group(1) + generated + "\n" + match.group(2)


def render(text: str) -> str:
    """Return docs/protocol.md with every generated section rewritten.

    Raises:
        ValueError: A section's markers are missing.
    """
    for name, build in SECTIONS.items():
        pattern = re.compile(
            rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", re.DOTALL
        )
        if not pattern.search(text):
            raise ValueError(f"docs/protocol.md has no generated:{name} markers")
        text = pattern.sub(_between_markers(build()), text)
    return text
