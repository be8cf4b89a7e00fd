"""The environment variables of each function: only those its code reads.

The names are those of `ourchat.settings` and `ourchat.adapters.dynamodb.tables`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aws_cdk import aws_dynamodb as dynamodb

from ourchat.adapters.dynamodb.tables import ALL_TABLES, table_name_env_var
from ourchat.domain.limits import MAX_CONNECTIONS_PER_USER
from ourchat.routes import QueueConsumer, Route
from ourchat_infra.route_access import tables_of

_DEFINITIONS = {t.logical_name: t for t in ALL_TABLES}


@dataclass(frozen=True, slots=True)
class TokenSettings:
    """What the authorizer verifies tokens against.

    Args:
        issuer: The expected `iss` claim: the user pool's URL.
        audience: The expected `aud` claim: the app client id.
        origin_secret: The value CloudFront puts in `x-origin-verify`, when the API is only
            reachable through CloudFront; None when clients connect directly.
    """

    issuer: str
    audience: str
    origin_secret: str | None = None


@dataclass(frozen=True, slots=True)
class Handoff:
    """Where a pushing route hands large fan-outs: the consumer's queue, above a threshold."""

    queue_url: str
    threshold: int


def route_environment(
    route: Route | QueueConsumer,
    tables: Mapping[str, dynamodb.ITable],
    management_endpoint: str,
    log_level: str,
    max_connections_per_user: int = MAX_CONNECTIONS_PER_USER,
    handoff: Handoff | None = None,
) -> dict[str, str]:
    """Return the environment of a route's (or a queue consumer's) function.

    A route that touches no table gets no store settings; only routes that push get the
    @connections endpoint (the API's own execute-api URL, so pushes work whichever way the
    client connected: directly or through CloudFront) and, with `handoff`, the fan-out
    queue and its threshold. Only `$connect` gets the connection cap.
    """
    environment = {"OURCHAT_LOG_LEVEL": log_level}
    names = tables_of(route)
    if names:
        environment["OURCHAT_STORE"] = "dynamodb"
    for name in names:
        environment[table_name_env_var(_DEFINITIONS[name])] = tables[name].table_name
    if route.pushes:
        environment["OURCHAT_MANAGEMENT_ENDPOINT"] = management_endpoint
    if isinstance(route, Route) and route.key == "$connect":
        environment["OURCHAT_MAX_CONNECTIONS_PER_USER"] = str(max_connections_per_user)
    if route.pushes and handoff is not None:
        environment["OURCHAT_FANOUT_QUEUE_URL"] = handoff.queue_url
        environment["OURCHAT_HANDOFF_THRESHOLD"] = str(handoff.threshold)
    return environment


def authorizer_environment(tokens: TokenSettings, log_level: str) -> dict[str, str]:
    """Return the environment of the `$connect` authorizer: Cognito tokens, no store."""
    environment = {
        "OURCHAT_LOG_LEVEL": log_level,
        "OURCHAT_AUTH_MODE": "cognito",
        "OURCHAT_JWT_ISSUER": tokens.issuer,
        "OURCHAT_JWT_AUDIENCE": tokens.audience,
    }
    if tokens.origin_secret is not None:
        environment["OURCHAT_ORIGIN_SECRET"] = tokens.origin_secret
    return environment
