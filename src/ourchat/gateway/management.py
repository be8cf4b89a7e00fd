"""The @connections management API: POST, GET and DELETE on one connection, SigV4-verified.

Every request must be signed with the gateway's access key (`sigv4.SigV4Verifier`), as API
Gateway requires IAM callers to be (`execute-api:ManageConnections`); unsigned or badly
signed requests get 403. Errors are shaped as API Gateway's (rest-json: an
`x-amzn-ErrorType` header and a JSON body with `message`), so that boto3's
`apigatewaymanagementapi` client raises its own modeled exceptions (`GoneException`,
`PayloadTooLargeException`) unchanged.

It is plain ASGI in front of the Starlette app, not a Starlette route: a fan-out to 1,000
members is 1,000 POSTs, and routing, request and response objects cost more than the push.
"""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import unquote

from ourchat.domain.timestamps import format_timestamp
from ourchat.gateway.close_codes import NORMAL_CLOSURE, REASON_PHRASES
from ourchat.gateway.config import MANAGEMENT_MAX_POST_BYTES
from ourchat.gateway.connection import LiveConnection, frame_for
from ourchat.gateway.protocol import serialize_text
from ourchat.gateway.registry import ConnectionRegistry
from ourchat.gateway.sigv4 import MISSING, Arrived, Denial, SigV4Verifier

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

JSON = b"application/json"
METHODS = ("POST", "GET", "DELETE")


def _request_id() -> bytes:
    """A random id shaped like a UUID, as API Gateway's x-amzn-RequestId is (cheaper than uuid4)."""
    h = os.urandom(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}".encode("ascii")


async def _respond(send: Send, status: int, body: bytes = b"", error: str | None = None) -> None:
    headers = [(b"x-amzn-requestid", _request_id())]
    if status != 204:
        headers.append((b"content-length", str(len(body)).encode("ascii")))
    if body:
        headers.append((b"content-type", JSON))
    if error is not None:
        headers.append((b"x-amzn-errortype", error.encode("ascii")))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _error(send: Send, status: int, error_type: str, message: str) -> None:
    await _respond(send, status, json.dumps({"message": message}).encode("utf-8"), error_type)


async def _deny(send: Send, denial: Denial) -> None:
    await _error(send, 403, denial.error_type, denial.message)


async def _gone(send: Send, connection_id: str) -> None:
    await _error(send, 410, "GoneException", f"connection {connection_id} is gone")


async def _read_capped(receive: Receive, declared: str | None, limit: int) -> bytes | None:
    """Read the request body; None as soon as it exceeds `limit` bytes."""
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    body = b""
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return body
        body += bytes(message.get("body", b""))
        if len(body) > limit:
            return None
        if not message.get("more_body", False):
            return body


class ManagementApi:
    """Serves `/{stage}/@connections/{connectionId}` and hands every other request to `app`.

    Args:
        app: The rest of the gateway (WebSocket stage, web client).
        stage: The stage, the first path segment.
        registry: Returns the registry of the running gateway.
        verifier: Checks each request's SigV4 signature.
    """

    def __init__(
        self,
        app: App,
        stage: str,
        registry: Callable[[], ConnectionRegistry],
        verifier: SigV4Verifier,
    ) -> None:
        self._app = app
        self._prefix = f"/{stage}/@connections/"
        self._registry = registry
        self._verifier = verifier
        # The POSTs of one fan-out carry the same body: its frame is serialized once.
        self._last_body = b""
        self._last_frame = serialize_text(b"")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve a management request, or pass the request on."""
        if scope["type"] != "http" or not scope["path"].startswith(self._prefix):
            await self._app(scope, receive, send)
            return
        headers = {
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope["headers"]
        }
        raw = scope.get("raw_path") or scope["path"].encode("utf-8")
        raw_path = raw.decode("latin-1")
        connection_id = unquote(raw_path[len(self._prefix) :])
        method = scope["method"]
        if method not in METHODS or not connection_id or "/" in connection_id:
            # API Gateway answers a path or method it does not serve as an unsigned request.
            await _deny(send, MISSING)
            return
        denial = self._verifier.precheck(headers)
        if denial is not None:
            await _deny(send, denial)
            return
        body = await _read_capped(receive, headers.get("content-length"), MANAGEMENT_MAX_POST_BYTES)
        if body is None:
            await _error(send, 413, "PayloadTooLargeException", "Data must be at most 131072 bytes")
            return
        query = scope.get("query_string", b"").decode("latin-1")
        denial = self._verifier.verify(Arrived(method, raw_path, query, headers, body))
        if denial is not None:
            await _deny(send, denial)
            return
        connection = self._registry().get_open(connection_id)
        if method == "POST":
            await self._post(send, connection_id, connection, body)
        elif method == "GET":
            await self._get(send, connection_id, connection)
        else:
            await self._delete(send, connection_id, connection)

    async def _post(
        self, send: Send, connection_id: str, connection: LiveConnection | None, body: bytes
    ) -> None:
        if connection is None:
            await _gone(send, connection_id)
            return
        frame = frame_for(body)
        if isinstance(frame, str):
            if body != self._last_body:
                self._last_body, self._last_frame = body, serialize_text(body)
            if connection.send_now(body, self._last_frame):
                await _respond(send, 200)
                return
        if not await connection.send(frame):
            await _gone(send, connection_id)
            return
        await _respond(send, 200)

    async def _get(self, send: Send, connection_id: str, connection: LiveConnection | None) -> None:
        if connection is None:
            await _gone(send, connection_id)
            return
        # The wire names are camelCase; boto3 presents them as ConnectedAt, Identity, ...
        info = {
            "connectedAt": format_timestamp(connection.upgrade.connected_at),
            "identity": {
                "sourceIp": connection.upgrade.source_ip,
                "userAgent": connection.upgrade.user_agent,
            },
            "lastActiveAt": format_timestamp(connection.last_active_at),
        }
        await _respond(send, 200, json.dumps(info).encode("utf-8"))

    async def _delete(
        self, send: Send, connection_id: str, connection: LiveConnection | None
    ) -> None:
        if connection is None or not await connection.close(
            NORMAL_CLOSURE, REASON_PHRASES[NORMAL_CLOSURE]
        ):
            await _gone(send, connection_id)
            return
        await _respond(send, 204)
