"""The AsyncAPI document of the protocol, loaded for tests, with a frame validator."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ASYNCAPI = Path(__file__).resolve().parents[2] / "docs" / "asyncapi.yaml"
DOCUMENT_URI = "urn:ourchat:asyncapi"


@cache
def document() -> dict[str, Any]:
    """The parsed docs/asyncapi.yaml."""
    loaded: dict[str, Any] = yaml.safe_load(ASYNCAPI.read_text(encoding="utf-8"))
    return loaded


def validator(message: str) -> Draft202012Validator:
    """A JSON Schema validator of one message's payload, e.g. `reply` or `messageCreated`."""
    resource = Resource.from_contents(document(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(DOCUMENT_URI, resource)
    schema = {"$ref": f"{DOCUMENT_URI}#/components/messages/{message}/payload"}
    return Draft202012Validator(schema, registry=registry)
