"""The AsyncAPI document of the protocol, loaded for tests, with a frame validator."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from docgen.asyncapi import event_message_name, reply_message_name
from docgen.schemas import entity_types, protocol_types

ASYNCAPI = Path(__file__).resolve().parents[2] / "docs" / "asyncapi.yaml"
DOCUMENT_URI = "urn:ourchat:asyncapi"


@cache
def document() -> dict[str, Any]:
    """The parsed docs/asyncapi.yaml."""
    loaded: dict[str, Any] = yaml.safe_load(ASYNCAPI.read_text(encoding="utf-8"))
    return loaded


@cache
def strict_document() -> dict[str, Any]:
    """The document with no extra attributes allowed on entities: the tests check that the
    server sends exactly what is declared (clients may still be lenient)."""
    strict = copy.deepcopy(document())
    schemas = strict["components"]["schemas"]
    for kind in entity_types(protocol_types()):
        schemas[kind.__name__]["additionalProperties"] = False
    return strict


def validator(message: str) -> Draft202012Validator:
    """A JSON Schema validator of one message's payload, e.g. `reply` or `messageCreated`."""
    resource = Resource.from_contents(strict_document(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(DOCUMENT_URI, resource)
    schema = {"$ref": f"{DOCUMENT_URI}#/components/messages/{message}/payload"}
    return Draft202012Validator(schema, registry=registry)


def validate_reply(reply: dict[str, Any]) -> None:
    """Validate a reply: a success against its action's reply schema, a refusal against errorReply.

    Raises:
        jsonschema.ValidationError: The reply does not match.
    """
    action = reply.get("action")
    if reply.get("ok") is True and isinstance(action, str):
        validator(reply_message_name(action)).validate(reply)
    else:
        validator("errorReply").validate(reply)


def validate_event(frame: dict[str, Any]) -> None:
    """Validate a pushed event frame against its event's schema.

    Raises:
        KeyError: The event is not one the document declares.
        jsonschema.ValidationError: The frame does not match.
    """
    validator(event_message_name(str(frame["event"]))).validate(frame)
