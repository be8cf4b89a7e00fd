"""DynamoDB faults during `sendMessage`, seen through the Lambda handler: retried or `internal`.

The handler runs on a DynamoDbStore over moto's server; faults are injected into its
TransactWriteItems at botocore's before-send event (tests/support/dynamodb_faults.py), as
DynamoDB would answer. Whatever happens, a message is stored together with its sentinel and
the thread's and group's lastMessageAt, or none of them is, and a failed send pushes nothing.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Callable

import pytest
from botocore.awsrequest import AWSPreparedRequest, AWSResponse

from ourchat.adapters.dynamodb.messages import sentinel_id
from tests.support.dynamodb_chat import Chat
from tests.support.dynamodb_faults import Injector, Responder, error_response, transaction_canceled

FAULTS: dict[str, Callable[[], AWSResponse]] = {
    "ProvisionedThroughputExceeded": lambda: error_response(
        400, "ProvisionedThroughputExceededException"
    ),
    "ThrottlingException": lambda: error_response(400, "ThrottlingException"),
    "500": lambda: error_response(500, "InternalServerError"),
    "503": lambda: error_response(503, "ServiceUnavailable"),
    "cancelled-conflict": lambda: transaction_canceled(
        "None", "None", "TransactionConflict", "None"
    ),
    "cancelled-throttled": lambda: transaction_canceled("ThrottlingError", "None", "None", "None"),
}
"""Faults DynamoDB reports for a transaction that did not happen (four actions: message,
sentinel, thread, group)."""


def fail_first(count: int, fault: str) -> Responder:
    """Answer the first `count` sends with a fault, then let requests through."""
    remaining = [count]

    def respond(_: AWSPreparedRequest) -> AWSResponse | None:
        if remaining[0] == 0:
            return None
        remaining[0] -= 1
        return FAULTS[fault]()

    return respond


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_fault_that_clears_is_retried_and_the_message_is_stored_once(
    chat: Chat, fault: str
) -> None:
    # Given DynamoDB fails the send's first transaction
    injector = Injector(chat.client, "TransactWriteItems", fail_first(1, fault))

    # When the member sends a message
    reply = chat.send("c-1")

    # Then the retry stored it once, with the sentinel and both lastMessageAt raised
    assert reply["ok"] is True, reply
    message = reply["data"]
    assert injector.sends == 2
    assert chat.messages() == [message["messageId"]]
    items = chat.items("c-1")
    assert items["sentinel"] == {
        "messageId": sentinel_id(chat.user_id, "c-1"),
        "originalMessageId": message["messageId"],
    }
    assert items["thread"] is not None
    assert items["thread"]["lastMessageAt"] == message["createdAt"]
    assert items["group"] is not None
    assert items["group"]["lastMessageAt"] == message["createdAt"]
    # And the one connection of the group got the event once
    assert chat.pusher.frames_to(chat.connection_id) == [
        {
            "event": "message.created",
            "groupId": chat.group_id,
            "seq": message["seq"],
            "data": message,
        }
    ]


@pytest.mark.parametrize("fault", [*FAULTS, "cancelled-validation"])
def test_a_lasting_fault_is_an_internal_reply_and_nothing_is_written(
    chat: Chat, fault: str
) -> None:
    # Given DynamoDB fails every transaction (a validation failure is not worth retrying)
    faults: dict[str, Callable[[], AWSResponse]] = {
        **FAULTS,
        "cancelled-validation": lambda: transaction_canceled(
            "None", "None", "ValidationError", "None"
        ),
    }
    injector = Injector(chat.client, "TransactWriteItems", lambda _: faults[fault]())
    before = chat.items("c-2")

    # When the member sends a message
    reply = chat.send("c-2")

    # Then the reply says `internal`, retry, and after botocore's and the store's retries
    assert reply["ok"] is False
    assert reply["requestId"] == "r-1"
    assert reply["error"]["code"] == "internal"
    assert "retry" in reply["error"]["message"] or "try again" in reply["error"]["message"]
    assert injector.sends >= 1
    # And neither the message, its sentinel, nor any lastMessageAt was written; nothing pushed
    assert chat.messages() == []
    assert chat.items("c-2") == before
    assert before["sentinel"] is None
    assert chat.pusher.sent == []


def test_after_an_internal_reply_the_same_send_succeeds_once(chat: Chat) -> None:
    # Given a send that failed with `internal` while DynamoDB throttled every request
    throttling = [True]
    Injector(
        chat.client,
        "TransactWriteItems",
        lambda _: FAULTS["ProvisionedThroughputExceeded"]() if throttling[0] else None,
    )
    assert chat.send("c-3")["error"]["code"] == "internal"

    # When the throttling stops and the client resends with the same clientMessageId
    throttling[0] = False
    first = chat.send("c-3")
    again = chat.send("c-3")

    # Then the message is stored exactly once
    assert first["ok"] is True
    assert again["data"] == first["data"]
    assert chat.messages() == [first["data"]["messageId"]]


def _commit_then_fail(request: AWSPreparedRequest) -> AWSResponse:
    """Let DynamoDB apply the request, then lose its answer as a 500 would."""
    assert isinstance(request.body, bytes)
    forwarded = urllib.request.Request(
        request.url, data=request.body, headers=dict(request.headers.items()), method="POST"
    )
    with urllib.request.urlopen(forwarded, timeout=10) as answer:
        assert answer.status == 200
    return error_response(500, "InternalServerError")


def test_a_committed_transaction_whose_answer_is_lost_is_not_applied_twice(chat: Chat) -> None:
    # Given DynamoDB commits the send's transaction but the answer is lost (a 500)
    lost = [False]

    def respond(request: AWSPreparedRequest) -> AWSResponse | None:
        if lost[0]:
            return None
        lost[0] = True
        return _commit_then_fail(request)

    injector = Injector(chat.client, "TransactWriteItems", respond)

    # When the member sends a message (botocore retries the same transaction)
    reply = chat.send("c-4")

    # Then it is stored once and the reply is that message
    assert reply["ok"] is True, reply
    assert injector.sends >= 2
    assert chat.messages() == [reply["data"]["messageId"]]
    items = chat.items("c-4")
    assert items["thread"] is not None
    assert items["thread"]["lastMessageAt"] == reply["data"]["createdAt"]
