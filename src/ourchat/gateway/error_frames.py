"""The error frames API Gateway itself sends on a WebSocket connection."""

from __future__ import annotations

import json

FORBIDDEN = "Forbidden"
"""No route matched the frame and the API has no `$default` route."""

INTERNAL_SERVER_ERROR = "Internal server error"
"""The integration failed: the handler raised or returned an invalid result."""

TOO_MANY_REQUESTS = "Too Many Requests"
"""The frame was throttled."""

ENDPOINT_TIMED_OUT = "Endpoint request timed out"
"""The handler did not answer within the integration timeout."""


def error_frame(message: str, connection_id: str, request_id: str) -> str:
    """Return an error frame, spaced exactly like API Gateway's.

    For example `{"message": "Forbidden", "connectionId":"L0SM9cOFvHcCIhw=",
    "requestId":"L0SM9FOGvHcF5Yg="}`: a JSON object whatever the spacing, but clients that
    compare text see what they would see on AWS.
    """
    return (
        f'{{"message": {json.dumps(message)}, "connectionId":{json.dumps(connection_id)}, '
        f'"requestId":{json.dumps(request_id)}}}'
    )
