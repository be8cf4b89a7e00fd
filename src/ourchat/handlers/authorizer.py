"""The REQUEST authorizer of `$connect`: verifies the `token` query parameter (a JWT).

Lambda authorizers refuse with 401 by raising an error whose message is "Unauthorized";
a Deny policy gives 403. The token itself is never logged.
"""

from __future__ import annotations

import hmac
from typing import Any

from ourchat.auth.tokens import InvalidToken
from ourchat.bootstrap import Dependencies
from ourchat.handlers.function import lambda_function
from ourchat.handlers.logs import get_logger

logger = get_logger("ourchat.handlers.authorizer")

ORIGIN_HEADER = "x-origin-verify"


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
    """Allow a connection with a valid token, and pass {userId, userName} to later events.

    Raises:
        Unauthorized: The token is missing or invalid.
    """
    gate = deps.gatekeeper
    token = (event.get("queryStringParameters") or {}).get("token")
    if not token:
        logger.info("connection refused", extra={"reason": "no token"})
        raise Unauthorized
    try:
        identity = gate.verifier.verify(token)
    except InvalidToken as error:
        logger.info("connection refused", extra={"reason": str(error)})
        raise Unauthorized from None
    method_arn = event.get("methodArn", "")
    headers = {key.lower(): value for key, value in (event.get("headers") or {}).items()}
    if gate.origin_secret and not hmac.compare_digest(
        headers.get(ORIGIN_HEADER, "").encode(), gate.origin_secret.encode()
    ):
        logger.warning("connection denied", extra={"reason": "not through the edge"})
        return policy(identity.user_id, "Deny", method_arn, {})
    claims = {"userId": identity.user_id, "userName": identity.user_name or ""}
    return policy(identity.user_id, "Allow", method_arn, claims)
