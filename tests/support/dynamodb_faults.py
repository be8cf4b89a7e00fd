"""Injected DynamoDB responses, for the faults a real server cannot be told to produce.

A handler of botocore's before-send event that returns a response short-circuits the HTTP
call; botocore then parses, retries and raises exactly as for a real response.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, cast

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders
from mypy_boto3_dynamodb import DynamoDBClient

ERROR_TYPE_PREFIX = "com.amazonaws.dynamodb.v20120810#"


class _Body:
    """The raw body of a canned response, as botocore reads it."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def canned_response(status: int, body: dict[str, Any]) -> AWSResponse:
    """Return an HTTP response of DynamoDB's JSON protocol."""
    headers = HTTPHeaders()
    headers["x-amzn-RequestId"] = "injected-fault"
    headers["Content-Type"] = "application/x-amz-json-1.0"
    return AWSResponse("http://127.0.0.1/", status, headers, _Body(json.dumps(body).encode()))


def error_response(status: int, code: str, **extra: Any) -> AWSResponse:
    """Return a DynamoDB error response, e.g. (400, "ThrottlingException")."""
    return canned_response(status, {"__type": ERROR_TYPE_PREFIX + code, "message": code, **extra})


def transaction_canceled(*reason_codes: str) -> AWSResponse:
    """Return a TransactionCanceledException with one reason code per action."""
    reasons = [{"Code": code} for code in reason_codes]
    return error_response(400, "TransactionCanceledException", CancellationReasons=reasons)


Responder = Callable[[AWSPreparedRequest], AWSResponse | None]


class Injector:
    """Answers chosen calls of a client with canned responses, and counts the HTTP sends.

    Args:
        client: The client whose sends are intercepted.
        operation: The operation to intercept, e.g. "GetItem"; None for all of them.
        respond: Returns the response to give, or None to let the request through.
    """

    def __init__(self, client: DynamoDBClient, operation: str | None, respond: Responder) -> None:
        self.sends = 0
        self._respond = respond
        event = "before-send.dynamodb" + (f".{operation}" if operation else "")
        # The stubs type handlers as returning None; before-send handlers may return a response.
        client.meta.events.register(event, cast("Callable[..., None]", self._intercept))

    def _intercept(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse | None:
        self.sends += 1
        return self._respond(request)
