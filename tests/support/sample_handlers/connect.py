"""$connect: records the event; `connect_status=N` answers N, `connect_raise` raises.

A client that offers subprotocols gets the first one it offered.
"""

from __future__ import annotations

from typing import Any

from tests.support.sample_handlers.recorder import RECORDER


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Accept the connection unless the query string asks otherwise."""
    RECORDER.record(event)
    query = event.get("queryStringParameters") or {}
    if "connect_raise" in query:
        raise RuntimeError("$connect failed")
    if "connect_status" in query:
        return {"statusCode": int(query["connect_status"]), "body": "refused by $connect"}
    offered = (event.get("headers") or {}).get("sec-websocket-protocol")
    if offered:
        return {"statusCode": 200, "headers": {"Sec-WebSocket-Protocol": offered.split(",")[0]}}
    return {"statusCode": 200}
