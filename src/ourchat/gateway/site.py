"""The web client's site: `index.html` at `/` and the files of the static directory at
`/static/`, every response with the browser security headers.

The Content-Security-Policy is a header, not a meta tag, so that `frame-ancestors 'none'`
applies (a meta tag cannot carry it): no page of another origin can frame the client and have
someone sign in inside the frame. The page may open WebSockets to its own origin only:
`connect-src 'self'` (which CSP Level 3 matches to ws:// and wss:// of the same host and port)
and, spelled out for browsers that do not, the ws:// or wss:// origin of the host the page was
asked from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

SELF = "'self'"
_HOST = re.compile(r"(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")
"""A Host header that is a plain name, IPv4 or bracketed IPv6 address, and maybe a port: only
such a value may go into the policy (anything else could add directives of its own)."""


def content_security_policy(connect_sources: Sequence[str] = (SELF,)) -> str:
    """The web client's Content-Security-Policy, with these `connect-src` sources.

    Everything the page loads comes from its own origin: no inline script or style, no
    plugins, no <base>, forms posted nowhere else, and no framing by anyone.
    """
    directives = [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        f"connect-src {' '.join(connect_sources)}",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def security_headers(connect_sources: Sequence[str] = (SELF,)) -> dict[str, str]:
    """The headers every response of the site carries."""
    return {
        "Content-Security-Policy": content_security_policy(connect_sources),
        # For browsers without frame-ancestors; the CSP wins where both are known.
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def socket_origin(request_scheme: str, host: str) -> str | None:
    """The WebSocket origin of the page's own host (ws:// for http, wss:// for https), or
    None when the Host header is not a plain host[:port]."""
    if not _HOST.fullmatch(host):
        return None
    return f"{'wss' if request_scheme == 'https' else 'ws'}://{host}"


def headers_for(scope: Scope) -> dict[str, str]:
    """The security headers of a response to this request."""
    request = Request(scope)
    origin = socket_origin(request.url.scheme, request.headers.get("host", ""))
    return security_headers((SELF, origin) if origin else (SELF,))


class _SecureStaticFiles(StaticFiles):
    """StaticFiles whose every answer (a 404 or 405 too) carries the security headers."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            headers = {**(error.headers or {}), **headers_for(scope)}
            raise HTTPException(error.status_code, error.detail, headers) from None
        response.headers.update(headers_for(scope))
        return response


def site_routes(static_dir: Path) -> list[BaseRoute]:
    """`GET /` (index.html) and `/static/*`, with the security headers."""
    index = static_dir / "index.html"

    async def site(request: Request) -> Response:
        return FileResponse(index, headers=headers_for(request.scope))

    return [
        Route("/", site, methods=["GET"]),
        Mount("/static", _SecureStaticFiles(directory=static_dir), name="static"),
    ]
