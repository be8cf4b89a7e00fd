"""The REQUEST authorizer of `$connect`: the origin header, then the `token` query parameter.

Lambda authorizers refuse with 401 by raising an error whose message is "Unauthorized";
a Deny policy gives 403. A refusal is the client's doing: one INFO line, never an error
metric. Anything else that goes wrong (the JWKS unreachable, a bug) is logged as an error
and counted in the `AuthorizerFailures` metric, which the operator's alarm watches. The
token itself is never logged.
"""

from __future__ import annotations

import hmac
from typing import Any

from ourchat.auth.identity import Identity
from ourchat.auth.tokens import InvalidToken
from ourchat.bootstrap import Dependencies, Gatekeeper
from ourchat.handlers.function import lambda_function
from ourchat.handlers.logs import get_logger
from ourchat.handlers.metrics import emit_metric
from ourchat.routes import ORIGIN_HEADER

logger = get_logger("ourchat.handlers.authorizer")

VIEWER_ADDRESS_HEADER = "cloudfront-viewer-address"
FAILURE_METRIC = "AuthorizerFailures"
UNVERIFIED = "unverified"
"""The principalId of a connection denied before its token was read."""

__all__ = ["ORIGIN_HEADER", "Unauthorized", "handler", "policy"]


class Unauthorized(Exception):
    """Tells API Gateway to answer the handshake with HTTP 401."""

    def __init__(self) -> None:
        super().__init__("Unauthorized")


def policy(
    principal_id: str, effect: str, method_arn: str, context: dict[str, Any]
) -> dict[str, Any]:
    """Return an authorizer result: an IAM policy on the $connect method and a context map."""
    statement = {"Action": "execute-api:Invoke", "Effect": effect, "Resource": method_arn}
    return {
        "principalId": principal_id,
        "policyDocument": {"Version": "2012-10-17", "Statement": [statement]},
        "context": context,
    }


@lambda_function
def handler(event: dict[str, Any], context: Any, deps: Dependencies) -> dict[str, Any]:
    """Allow a connection through the edge with a valid token; pass {userId, userName} on.

    Raises:
        Unauthorized: The token is missing or invalid.
    """
    try:
        return _authorize(event, deps.gatekeeper)
    except Unauthorized:
        raise
    except Exception:
        logger.exception("authorizer failed")
        emit_metric(FAILURE_METRIC)
        raise


def _authorize(event: dict[str, Any], gate: Gatekeeper) -> dict[str, Any]:
    method_arn = event.get("methodArn", "")
    headers = {key.lower(): value for key, value in (event.get("headers") or {}).items()}
    # The origin header first: a direct caller is turned away without a token check.
    if gate.origin_secret and not hmac.compare_digest(
        headers.get(ORIGIN_HEADER, "").encode(), gate.origin_secret.encode()
    ):
        logger.info("connection denied", extra={"reason": "not through the edge"})
        return policy(UNVERIFIED, "Deny", method_arn, {})
    identity = _identity(event, gate)
    claims = {"userId": identity.user_id, "userName": identity.user_name or ""}
    viewer = headers.get(VIEWER_ADDRESS_HEADER)
    if gate.origin_secret and viewer:
        # CloudFront sets it; the access log records it ($context.authorizer.viewerAddress),
        # since the stage only sees CloudFront's own address.
        claims["viewerAddress"] = viewer
    return policy(identity.user_id, "Allow", method_arn, claims)


def _identity(event: dict[str, Any], gate: Gatekeeper) -> Identity:
    token = (event.get("queryStringParameters") or {}).get("token")
    if not token:
        logger.info("connection refused", extra={"reason": "no token"})
        raise Unauthorized
    try:
        return gate.verifier.verify(token)
    except InvalidToken as error:
        logger.info("connection refused", extra={"reason": str(error)})
        raise Unauthorized from None
