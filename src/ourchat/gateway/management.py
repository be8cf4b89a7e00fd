"""The @connections management API: POST, GET and DELETE on one connection.

Errors are shaped as API Gateway's (rest-json: an `x-amzn-ErrorType` header and a JSON body
with `message`), so that boto3's `apigatewaymanagementapi` client raises its own modeled
exceptions (`GoneException`, `PayloadTooLargeException`) unchanged. Requests are not
SigV4-verified.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ourchat.domain.timestamps import format_timestamp
from ourchat.gateway.close_codes import NORMAL_CLOSURE, REASON_PHRASES
from ourchat.gateway.config import MANAGEMENT_MAX_POST_BYTES
from ourchat.gateway.connection import LiveConnection, frame_for
from ourchat.gateway.registry import ConnectionRegistry

JSON = "application/json"


def _response(status: int, body: bytes = b"", error_type: str | None = None) -> Response:
    headers = {"x-amzn-RequestId": str(uuid.uuid4())}
    if error_type is not None:
        headers["x-amzn-ErrorType"] = error_type
    return Response(body, status_code=status, headers=headers, media_type=JSON if body else None)


def _error(status: int, error_type: str, message: str) -> Response:
    return _response(status, json.dumps({"message": message}).encode("utf-8"), error_type)


def _gone(connection_id: str) -> Response:
    return _error(410, "GoneException", f"connection {connection_id} is gone")


async def _read_capped(request: Request, limit: int) -> bytes | None:
    """Read the request body; None as soon as it exceeds `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


def management_routes(stage: str, registry: Callable[[], ConnectionRegistry]) -> list[Route]:
    """Return the Starlette routes of `/{stage}/@connections/{connectionId}`.

    Args:
        registry: Returns the registry of the running gateway.
    """

    def find(request: Request) -> tuple[str, LiveConnection | None]:
        connection_id = request.path_params["connection_id"]
        return connection_id, registry().get_open(connection_id)

    async def post(request: Request) -> Response:
        connection_id, connection = find(request)
        data = await _read_capped(request, MANAGEMENT_MAX_POST_BYTES)
        if data is None:
            return _error(413, "PayloadTooLargeException", "Data must be at most 131072 bytes")
        if connection is None or not await connection.send(frame_for(data)):
            return _gone(connection_id)
        return _response(200)

    async def get(request: Request) -> Response:
        connection_id, connection = find(request)
        if connection is None:
            return _gone(connection_id)
        # The wire names are camelCase; boto3 presents them as ConnectedAt, Identity, ...
        info = {
            "connectedAt": format_timestamp(connection.upgrade.connected_at),
            "identity": {
                "sourceIp": connection.upgrade.source_ip,
                "userAgent": connection.upgrade.user_agent,
            },
            "lastActiveAt": format_timestamp(connection.last_active_at),
        }
        return _response(200, json.dumps(info).encode("utf-8"))

    async def delete(request: Request) -> Response:
        connection_id, connection = find(request)
        if connection is None or not await connection.close(
            NORMAL_CLOSURE, REASON_PHRASES[NORMAL_CLOSURE]
        ):
            return _gone(connection_id)
        return _response(204)

    path = f"/{stage}/@connections/{{connection_id}}"
    return [
        Route(path, post, methods=["POST"]),
        Route(path, get, methods=["GET"]),
        Route(path, delete, methods=["DELETE"]),
    ]
