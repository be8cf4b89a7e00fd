"""The gateway's side of the $connect Lambda REQUEST authorizer (the function itself is
`ourchat.handlers.authorizer`): identity sources, and reading the policy it returns."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ourchat.gateway.config import AUTHORIZER_MAX_RESULT_BYTES
from ourchat.gateway.events import UpgradeRequest

INVOKE_ACTION = "execute-api:Invoke"
UNAUTHORIZED_MESSAGE = "Unauthorized"
"""The errorMessage by which a Lambda authorizer asks for a 401."""

_QUERY_SOURCE = "route.request.querystring."
_HEADER_SOURCE = "route.request.header."


@dataclass(frozen=True, slots=True)
class Allowed:
    """The authorizer allowed the connection; `context` becomes requestContext.authorizer."""

    context: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Refused:
    """The handshake is refused with this HTTP status.

    Args:
        message: API Gateway's message, sent as `{"message": ...}`.
        body: A body to send verbatim instead (a refusing $connect handler's own).
    """

    status: int
    message: str
    body: str | None = None

    def http_body(self) -> bytes:
        """Return the HTTP body of the refusal."""
        if self.body is not None:
            return self.body.encode("utf-8")
        return json.dumps({"message": self.message}).encode("utf-8")


UNAUTHORIZED = Refused(401, "Unauthorized")
FORBIDDEN = Refused(403, "Forbidden")
AUTHORIZER_FAILURE = Refused(500, "Internal server error")


def identity_sources_present(sources: Sequence[str], upgrade: UpgradeRequest) -> bool:
    """Tell whether every identity source has a non-empty value in the upgrade request.

    API Gateway answers 401 without calling the authorizer when one is missing.

    Raises:
        ValueError: A source is neither `route.request.querystring.X` nor
            `route.request.header.X`.
    """
    for source in sources:
        if source.startswith(_QUERY_SOURCE):
            value = upgrade.query_parameter(source.removeprefix(_QUERY_SOURCE))
        elif source.startswith(_HEADER_SOURCE):
            value = upgrade.header(source.removeprefix(_HEADER_SOURCE))
        else:
            raise ValueError(f"unsupported identity source {source!r}")
        if not value:
            return False
    return True


def _glob_matches(pattern: str, text: str) -> bool:
    """Match an IAM-style pattern, where `*` is any run of characters and `?` any one."""
    regex = "".join(
        ".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern
    )
    return re.fullmatch(regex, text, flags=re.DOTALL) is not None


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _statement_applies(statement: Any, arn: str) -> bool:
    if not isinstance(statement, dict):
        raise ValueError("a policy statement must be an object")
    actions = _as_list(statement.get("Action"))
    resources = _as_list(statement.get("Resource"))
    if not all(isinstance(item, str) for item in actions + resources):
        raise ValueError("Action and Resource must be strings or lists of strings")
    return any(_glob_matches(action, INVOKE_ACTION) for action in actions) and any(
        _glob_matches(resource, arn) for resource in resources
    )


def _effects(policy: Any, arn: str) -> set[str]:
    """Return the effects of the statements that apply to invoking `arn`."""
    if not isinstance(policy, dict):
        raise ValueError("policyDocument must be an object")
    statements = _as_list(policy.get("Statement"))
    effects = set()
    for statement in statements:
        if _statement_applies(statement, arn):
            effect = statement.get("Effect")
            if effect not in ("Allow", "Deny"):
                raise ValueError(f"invalid Effect {effect!r}")
            effects.add(effect)
    return effects


def _valid_context(context: Any) -> dict[str, Any]:
    if context is None:
        return {}
    if not isinstance(context, dict):
        raise ValueError("context must be an object")
    for key, value in context.items():
        # Objects, arrays and nulls are rejected by API Gateway as well.
        if value is None or not isinstance(value, str | int | float | bool):
            raise ValueError(f"context value of {key!r} must be a string, number or boolean")
    return context


def evaluate(result: Any, arn: str) -> Allowed | Refused:
    """Decide the handshake from an authorizer's result, as API Gateway does.

    An explicit Deny wins; without an Allow that covers `arn` the answer is 403. A malformed
    result, a context value that is not a string, number or boolean, or a result over 8 KB
    fails the authorizer (500).
    """
    if len(json.dumps(result).encode("utf-8")) > AUTHORIZER_MAX_RESULT_BYTES:
        return AUTHORIZER_FAILURE
    if not isinstance(result, dict):
        return AUTHORIZER_FAILURE
    principal = result.get("principalId")
    if not isinstance(principal, str):
        return AUTHORIZER_FAILURE
    try:
        effects = _effects(result.get("policyDocument"), arn)
        context = _valid_context(result.get("context"))
    except ValueError:
        return AUTHORIZER_FAILURE
    if "Deny" in effects or "Allow" not in effects:
        return FORBIDDEN
    return Allowed({**context, "principalId": principal})
