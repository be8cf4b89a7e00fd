"""Local sign-in: `POST /local/token` mints a token for a local user (development only).

Anyone who reaches this endpoint can act as any user, so the local server offers it only
when bound to a loopback address, and answers only requests addressed to a loopback name
from the page's own origin: a web page elsewhere that rebinds its DNS name to 127.0.0.1
(DNS rebinding) gets 403.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ourchat.domain.errors import BadRequest
from ourchat.domain.limits import check_name, check_user_id

TokenIssuer = Callable[[str, str | None], str]
"""Signs a token for (userId, userName)."""

MAX_BODY_BYTES = 4096


LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


def _error(message: str, code: str = "bad_request", status: int = 400) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _same_loopback_origin(request: Request) -> bool:
    """Tell whether the request names a loopback host, from a page of that same host."""
    host = request.headers.get("host", "")
    if urlsplit(f"//{host}").hostname not in LOOPBACK_NAMES:
        return False
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == host


def signin_route(issue: TokenIssuer, ws_url: Callable[[], str]) -> Route:
    """Return the Starlette route of `POST /local/token`.

    Args:
        issue: Signs a token with the server's secret.
        ws_url: Returns the WebSocket URL to connect to (known once the port is bound).
    """

    async def token(request: Request) -> JSONResponse:
        if not _same_loopback_origin(request):
            return _error("local sign-in answers only pages of this server", "forbidden", 403)
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
