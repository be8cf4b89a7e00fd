"""The @connections management API: POST, GET and DELETE on one connection, SigV4-verified.

Every request must be signed with the gateway's access key (`sigv4.SigV4Verifier`), as API
Gateway requires IAM callers to be (`execute-api:ManageConnections`); unsigned or badly
signed requests get 403. Errors are shaped as API Gateway's (rest-json: an
`x-amzn-ErrorType` header and a JSON body with `message`), so that boto3's
`apigatewaymanagementapi` client raises its own modeled exceptions (`GoneException`,
`PayloadTooLargeException`) unchanged.

A request is answered synchronously whenever it can be (`answer`): a fan-out to 1,000
members is 1,000 POSTs, and awaits, tasks and framework objects per POST cost more than the
push. It is served as plain ASGI in front of the Starlette app, and `GatewayHttpProtocol`
(`http_protocol.py`) calls `answer` straight from uvicorn's parser callbacks.
"""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable, Coroutine, MutableMapping
from dataclasses import dataclass
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
TOO_LARGE_MESSAGE = "Data must be at most 131072 bytes"


def _request_id() -> bytes:
    """A random id shaped like a UUID, as API Gateway's x-amzn-RequestId is (cheaper than uuid4)."""
    h = os.urandom(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}".encode("ascii")


@dataclass(frozen=True, slots=True)
class Answer:
    """A response of the management API."""

    status: int
    body: bytes = b""
    error_type: str | None = None

    def headers(self) -> list[tuple[bytes, bytes]]:
        """The response headers, names in lower case."""
        headers = [(b"x-amzn-requestid", _request_id())]
        if self.status != 204:
            headers.append((b"content-length", str(len(self.body)).encode("ascii")))
        if self.body:
            headers.append((b"content-type", JSON))
        if self.error_type is not None:
            headers.append((b"x-amzn-errortype", self.error_type.encode("ascii")))
        return headers


OK = Answer(200)
Pending = Coroutine[Any, Any, Answer]
"""An answer that must wait (a full socket buffer, a close)."""


def _error(status: int, error_type: str, message: str) -> Answer:
    return Answer(status, json.dumps({"message": message}).encode("utf-8"), error_type)


def _deny(denial: Denial) -> Answer:
    return _error(403, denial.error_type, denial.message)


def _gone(connection_id: str) -> Answer:
    return _error(410, "GoneException", f"connection {connection_id} is gone")


TOO_LARGE = _error(413, "PayloadTooLargeException", TOO_LARGE_MESSAGE)


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
        self.prefix = f"/{stage}/@connections/"
        """The path prefix of the management API."""
        self._registry = registry
        self._verifier = verifier
        # The POSTs of one fan-out carry the same body: its frame is serialized once.
        self._last_body = b""
        self._last_frame = serialize_text(b"")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve a management request, or pass the request on."""
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self._app(scope, receive, send)
            return
        headers = {
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope["headers"]
        }
        raw = scope.get("raw_path") or scope["path"].encode("utf-8")
        raw_path = raw.decode("latin-1")
        method = scope["method"]
        answer: Answer | Pending | None = self.refuse_early(method, raw_path, headers)
        if answer is None:
            limit = MANAGEMENT_MAX_POST_BYTES
            body = await _read_capped(receive, headers.get("content-length"), limit)
            query = scope.get("query_string", b"").decode("latin-1")
            answer = self.answer(Arrived(method, raw_path, query, headers, body or b""), body)
        if not isinstance(answer, Answer):
            answer = await answer
        await send(
            {"type": "http.response.start", "status": answer.status, "headers": answer.headers()}
        )
        await send({"type": "http.response.body", "body": answer.body})

    def refuse_early(self, method: str, raw_path: str, headers: dict[str, str]) -> Answer | None:
        """Refuse what needs no body to refuse: another method or path, no or another key.

        Args:
            raw_path: The path as it arrived, under `prefix`.
            headers: The request's headers, names in lower case.
        """
        connection_id = unquote(raw_path[len(self.prefix) :])
        if method not in METHODS or not connection_id or "/" in connection_id:
            # API Gateway answers a path or method it does not serve as an unsigned request.
            return _deny(MISSING)
        denial = self._verifier.precheck(headers)
        return None if denial is None else _deny(denial)

    def answer(self, request: Arrived, body: bytes | None) -> Answer | Pending:
        """Answer a request whose early checks passed: at once, or (rarely) after a wait.

        Args:
            request: The request as it arrived.
            body: Its body, or None when it was over the POST limit.
        """
        if body is None:
            return TOO_LARGE
        denial = self._verifier.verify(request)
        if denial is not None:
            return _deny(denial)
        connection_id = unquote(request.raw_path[len(self.prefix) :])
        connection = self._registry().get_open(connection_id)
        if connection is None:
            return _gone(connection_id)
        if request.method == "POST":
            return self._post(connection, body)
        if request.method == "GET":
            return self._get(connection)
        return self._delete(connection)

    def _post(self, connection: LiveConnection, body: bytes) -> Answer | Pending:
        frame = frame_for(body)
        if isinstance(frame, str):
            if body != self._last_body:
                self._last_body, self._last_frame = body, serialize_text(body)
            if connection.send_now(body, self._last_frame):
                return OK
        return self._post_slowly(connection, frame)

    @staticmethod
    async def _post_slowly(connection: LiveConnection, frame: str | bytes) -> Answer:
        if not await connection.send(frame):
            return _gone(connection.connection_id)
        return OK

    @staticmethod
    def _get(connection: LiveConnection) -> Answer:
        # The wire names are camelCase; boto3 presents them as ConnectedAt, Identity, ...
        info = {
            "connectedAt": format_timestamp(connection.upgrade.connected_at),
            "identity": {
                "sourceIp": connection.upgrade.source_ip,
                "userAgent": connection.upgrade.user_agent,
            },
            "lastActiveAt": format_timestamp(connection.last_active_at),
        }
        return Answer(200, json.dumps(info).encode("utf-8"))

    @staticmethod
    async def _delete(connection: LiveConnection) -> Answer:
        if not await connection.close(NORMAL_CLOSURE, REASON_PHRASES[NORMAL_CLOSURE]):
            return _gone(connection.connection_id)
        return Answer(204)
