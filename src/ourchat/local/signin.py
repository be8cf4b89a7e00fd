"""Local sign-in: `POST /local/token` mints a token for a local user (development only).

Anyone who reaches this endpoint can act as any user, so the local server offers it only
when bound to a loopback address.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ourchat.domain.errors import BadRequest
from ourchat.domain.limits import check_name, check_user_id

TokenIssuer = Callable[[str, str | None], str]
"""Signs a token for (userId, userName)."""

MAX_BODY_BYTES = 4096


def _error(message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": "bad_request", "message": message}}, status_code=400)


def signin_route(issue: TokenIssuer, ws_url: Callable[[], str]) -> Route:
    """Return the Starlette route of `POST /local/token`.

    Args:
        issue: Signs a token with the server's secret.
        ws_url: Returns the WebSocket URL to connect to (known once the port is bound).
    """

    async def token(request: Request) -> JSONResponse:
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return _error("the request body is too large")
        try:
            fields = json.loads(body)
        except ValueError:
            return _error("the body must be JSON: {userId, userName}")
        if not isinstance(fields, dict):
            return _error("the body must be a JSON object: {userId, userName}")
        user_id, user_name = fields.get("userId"), fields.get("userName")
        try:
            if not isinstance(user_id, str):
                raise BadRequest("userId must be a string")
            check_user_id(user_id)
            if user_name is not None:
                if not isinstance(user_name, str):
                    raise BadRequest("userName must be a string")
                check_name("userName", user_name)
        except BadRequest as error:
            return _error(error.message)
        return JSONResponse(
            {"token": issue(user_id, user_name), "userId": user_id, "wsUrl": ws_url()}
        )

    return Route("/local/token", token, methods=["POST"])
