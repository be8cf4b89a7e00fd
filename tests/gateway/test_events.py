"""Lambda proxy events shaped like API Gateway's."""

from __future__ import annotations

import base64
import locale
import re
from datetime import UTC, datetime, timedelta, timezone

from ourchat.gateway.events import (
    UpgradeRequest,
    authorizer_event,
    connect_event,
    disconnect_event,
    format_request_time,
    message_event,
    method_arn,
)
from ourchat.gateway.identifiers import aws_style_id

NOW = datetime(2026, 11, 28, 3, 20, 0, 123000, tzinfo=UTC)
CONNECTED = NOW - timedelta(seconds=5)


def an_upgrade(query: tuple[tuple[str, str], ...] = ()) -> UpgradeRequest:
    return UpgradeRequest(
        connection_id="L0SM9cOFvHcCIhw=",
        connected_at=CONNECTED,
        headers=(("Host", "127.0.0.1:9000"), ("X-Tag", "a"), ("x-tag", "b"), ("User-Agent", "t")),
        query=query,
        source_ip="127.0.0.1",
        user_agent="t",
        domain_name="127.0.0.1:9000",
        stage="dev",
    )


def test_request_time_is_api_gateways_format_in_any_locale() -> None:
    previous = locale.setlocale(locale.LC_TIME)
    try:
        for candidate in ("de_DE.UTF-8", "fr_FR.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, candidate)
                break
            except locale.Error:
                continue
        assert format_request_time(NOW) == "28/Nov/2026:03:20:00 +0000"
    finally:
        locale.setlocale(locale.LC_TIME, previous)


def test_request_time_is_converted_to_utc() -> None:
    plus_two = NOW.astimezone(timezone(timedelta(hours=2)))

    assert format_request_time(plus_two) == "28/Nov/2026:03:20:00 +0000"


def test_ids_look_like_api_gateways() -> None:
    ids = {aws_style_id() for _ in range(100)}

    assert len(ids) == 100
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{15}=", value) for value in ids)


def test_method_arn_names_the_connect_route_of_the_stage() -> None:
    assert method_arn("dev") == "arn:aws:execute-api:local:000000000000:local/dev/$connect"


def test_connect_event_carries_headers_and_query_string() -> None:
    event = connect_event(an_upgrade((("token", "t1"), ("tag", "x"), ("tag", "y"))), NOW, None)

    assert event["headers"]["X-Tag"] == "a"
    assert event["multiValueHeaders"]["x-tag"] == ["b"]
    assert event["queryStringParameters"] == {"token": "t1", "tag": "y"}
    assert event["multiValueQueryStringParameters"] == {"token": ["t1"], "tag": ["x", "y"]}
    assert event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert (context["routeKey"], context["eventType"]) == ("$connect", "CONNECT")
    assert context["connectedAt"] == int(CONNECTED.timestamp() * 1000)
    assert context["requestTimeEpoch"] == int(NOW.timestamp() * 1000)
    assert "authorizer" not in context
    assert "messageId" not in context


def test_connect_event_without_query_string_has_no_query_keys() -> None:
    event = connect_event(an_upgrade(), NOW, {"principalId": "p"})

    assert "queryStringParameters" not in event
    assert "multiValueQueryStringParameters" not in event
    assert event["requestContext"]["authorizer"] == {"principalId": "p"}


def test_binary_message_is_base64_encoded() -> None:
    event = message_event(an_upgrade(), "$default", b"\x00\xff", NOW, None, "req=")

    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"\x00\xff"
    assert event["requestContext"]["requestId"] == "req="
    assert event["requestContext"]["messageId"]


def test_text_message_is_passed_as_is() -> None:
    event = message_event(an_upgrade(), "echo", "héllo", NOW, None, "req=")

    assert (event["body"], event["isBase64Encoded"]) == ("héllo", False)
    assert event["requestContext"]["eventType"] == "MESSAGE"


def test_disconnect_event_carries_code_and_reason_in_request_context() -> None:
    event = disconnect_event(an_upgrade(), NOW, {"principalId": "p"}, 1001, "Going away")

    context = event["requestContext"]
    assert (context["disconnectStatusCode"], context["disconnectReason"]) == (1001, "Going away")
    assert (context["routeKey"], context["eventType"]) == ("$disconnect", "DISCONNECT")
    assert event["headers"]["Host"] == "127.0.0.1:9000"


def test_authorizer_event_is_a_request_authorizer_event() -> None:
    event = authorizer_event(an_upgrade((("token", "t1"),)), NOW)

    assert event["type"] == "REQUEST"
    assert event["methodArn"] == method_arn("dev")
    assert event["queryStringParameters"] == {"token": "t1"}
    assert event["stageVariables"] == {}
    assert event["headers"]["Host"] == "127.0.0.1:9000"
    assert event["requestContext"]["eventType"] == "CONNECT"
    assert "authorizer" not in event["requestContext"]
