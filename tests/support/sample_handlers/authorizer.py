"""A REQUEST authorizer keyed by the `token` query parameter.

`good` allows (context: userId from `user`, and one value of each allowed type), `deny`
returns a Deny policy, `crash` fails, `bigcontext` returns over 8 KB, `nested` returns an
object in the context; anything else is refused with Exception("Unauthorized").
"""

from __future__ import annotations

from typing import Any


def _policy(effect: str, arn: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": arn}],
    }


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Decide on a $connect from its token."""
    query = event.get("queryStringParameters") or {}
    token = query.get("token")
    arn = event["methodArn"]
    if token == "good":
        return {
            "principalId": "principal-" + query.get("user", "anonymous"),
            "policyDocument": _policy("Allow", arn),
            "context": {
                "userId": query.get("user", "anonymous"),
                "plan": "pro",
                "level": 3,
                "admin": False,
            },
        }
    if token == "deny":
        return {"principalId": "someone", "policyDocument": _policy("Deny", arn)}
    if token == "crash":
        raise RuntimeError("the token service is down")
    if token == "bigcontext":
        return {
            "principalId": "someone",
            "policyDocument": _policy("Allow", arn),
            "context": {"padding": "x" * 9000},
        }
    if token == "nested":
        return {
            "principalId": "someone",
            "policyDocument": _policy("Allow", arn),
            "context": {"claims": {"sub": "u1"}},
        }
    # The exact errorMessage by which a Lambda authorizer asks API Gateway for a 401.
    raise Exception("Unauthorized")
