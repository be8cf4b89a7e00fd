"""Lambda proxy events as API Gateway builds them for a WebSocket API.

Every event of a connection shares the facts of its upgrade request (`UpgradeRequest`);
each builder adds what its event type carries. Events contain JSON values only.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ourchat.domain.timestamps import epoch_ms
from ourchat.gateway.identifiers import aws_style_id

API_ID = "local"
REGION = "local"
ACCOUNT_ID = "000000000000"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

AuthorizerContext = Mapping[str, Any]
"""`requestContext.authorizer`: principalId plus the authorizer's context keys."""


@dataclass(frozen=True, slots=True)
class UpgradeRequest:
    """What API Gateway knows of a connection from its HTTP upgrade request.

    Args:
        headers: The request headers in arrival order, names as the client sent them.
        query: The query string parameters in arrival order.
    """

    connection_id: str
    connected_at: datetime
    headers: tuple[tuple[str, str], ...]
    query: tuple[tuple[str, str], ...]
    source_ip: str
    user_agent: str
    domain_name: str
    stage: str

    def header(self, name: str) -> str | None:
        """Return the last value of a header, matched case-insensitively, or None."""
        wanted = name.lower()
        found = None
        for key, value in self.headers:
            if key.lower() == wanted:
                found = value
        return found

    def query_parameter(self, name: str) -> str | None:
        """Return the last value of a query string parameter, or None."""
        found = None
        for key, value in self.query:
            if key == name:
                found = value
        return found


def format_request_time(moment: datetime) -> str:
    """Format like API Gateway's requestTime, e.g. `28/Nov/2026:03:20:00 +0000`.

    Built by hand because `%b` follows the process locale and API Gateway's does not.
    """
    utc = moment.astimezone(UTC)
    month = _MONTHS[utc.month - 1]
    return f"{utc.day:02d}/{month}/{utc.year:04d}:{utc:%H:%M:%S} +0000"


def method_arn(stage: str) -> str:
    """Return the ARN a $connect authorizer's policy must allow."""
    return f"arn:aws:execute-api:{REGION}:{ACCOUNT_ID}:{API_ID}/{stage}/$connect"


def _single_and_multi(
    pairs: tuple[tuple[str, str], ...],
) -> tuple[dict[str, str], dict[str, list[str]]]:
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for key, value in pairs:
        single[key] = value
        multi.setdefault(key, []).append(value)
    return single, multi


def request_context(
    upgrade: UpgradeRequest,
    route_key: str,
    event_type: str,
    now: datetime,
    authorizer: AuthorizerContext | None,
    request_id: str | None = None,
) -> dict[str, Any]:
    """Return the `requestContext` common to every event type.

    Args:
        authorizer: The authorizer's principal and context; None when the API has none.
        request_id: The request id; a new one when omitted.
    """
    context: dict[str, Any] = {
        "routeKey": route_key,
        "eventType": event_type,
        "extendedRequestId": aws_style_id(),
        "requestTime": format_request_time(now),
        "messageDirection": "IN",
        "stage": upgrade.stage,
        "connectedAt": epoch_ms(upgrade.connected_at),
        "requestTimeEpoch": epoch_ms(now),
        "identity": {"sourceIp": upgrade.source_ip, "userAgent": upgrade.user_agent},
        "requestId": request_id or aws_style_id(),
        "domainName": upgrade.domain_name,
        "connectionId": upgrade.connection_id,
        "apiId": API_ID,
    }
    if authorizer is not None:
        context["authorizer"] = dict(authorizer)
    return context


def _upgrade_fields(upgrade: UpgradeRequest) -> dict[str, Any]:
    """Headers and query string of the upgrade request, the way CONNECT events carry them."""
    headers, multi_headers = _single_and_multi(upgrade.headers)
    fields: dict[str, Any] = {"headers": headers, "multiValueHeaders": multi_headers}
    if upgrade.query:
        # API Gateway leaves both keys out when the URL has no query string.
        query, multi_query = _single_and_multi(upgrade.query)
        fields["queryStringParameters"] = query
        fields["multiValueQueryStringParameters"] = multi_query
    return fields


def connect_event(
    upgrade: UpgradeRequest, now: datetime, authorizer: AuthorizerContext | None
) -> dict[str, Any]:
    """Return the $connect event."""
    return {
        **_upgrade_fields(upgrade),
        "requestContext": request_context(upgrade, "$connect", "CONNECT", now, authorizer),
        "isBase64Encoded": False,
    }


def message_event(
    upgrade: UpgradeRequest,
    route_key: str,
    frame: str | bytes,
    now: datetime,
    authorizer: AuthorizerContext | None,
    request_id: str,
) -> dict[str, Any]:
    """Return a MESSAGE event; binary frames travel base64-encoded."""
    context = request_context(upgrade, route_key, "MESSAGE", now, authorizer, request_id)
    context["messageId"] = aws_style_id()
    if isinstance(frame, bytes):
        body, encoded = base64.b64encode(frame).decode("ascii"), True
    else:
        body, encoded = frame, False
    return {"requestContext": context, "body": body, "isBase64Encoded": encoded}


def disconnect_event(
    upgrade: UpgradeRequest,
    now: datetime,
    authorizer: AuthorizerContext | None,
    status_code: int,
    reason: str,
) -> dict[str, Any]:
    """Return the $disconnect event; the close code and reason sit in `requestContext`."""
    context = request_context(upgrade, "$disconnect", "DISCONNECT", now, authorizer)
    context["disconnectStatusCode"] = status_code
    context["disconnectReason"] = reason
    # API Gateway sends these few headers on $disconnect, not those of the upgrade request.
    headers = {
        "Host": upgrade.domain_name,
        "x-api-key": "",
        "X-Forwarded-For": "",
        "x-restapi": "",
    }
    return {
        "headers": headers,
        "multiValueHeaders": {key: [value] for key, value in headers.items()},
        "requestContext": context,
        "isBase64Encoded": False,
    }


def authorizer_event(upgrade: UpgradeRequest, now: datetime) -> dict[str, Any]:
    """Return the REQUEST authorizer event of a $connect."""
    fields = _upgrade_fields(upgrade)
    return {
        "type": "REQUEST",
        "methodArn": method_arn(upgrade.stage),
        "headers": fields["headers"],
        "multiValueHeaders": fields["multiValueHeaders"],
        "queryStringParameters": fields.get("queryStringParameters", {}),
        "multiValueQueryStringParameters": fields.get("multiValueQueryStringParameters", {}),
        "stageVariables": {},
        "requestContext": request_context(upgrade, "$connect", "CONNECT", now, None),
    }
