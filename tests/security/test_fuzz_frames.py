"""Hostile frames over a real socket: each gets a documented answer, and others stay served.

Hypothesis draws frames (tests/support/frames.py): random bytes and text, deep and huge
JSON, wrong types, unicode edge cases, sizes around every limit. For each one, the local chat
must answer with exactly one reply of the documented shape (docs/asyncapi.yaml `reply`) and
never with `internal` or a gateway error frame (a handler crash), or close the connection
with 1009 when the frame is over 128 KiB. After each frame a bystander's request succeeds.

`make test` runs FUZZ_EXAMPLES cases (default 500); `make fuzz` runs many more by setting
OURCHAT_FUZZ_EXAMPLES.
"""

from __future__ import annotations

import json
import os
import uuid
from collections import Counter
from contextlib import ExitStack
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from ourchat.domain.events import EVENTS
from ourchat.domain.ids import new_ulid
from ourchat.gateway.config import DEFAULT_MAX_MESSAGE_BYTES
from ourchat.local.server import LocalChat
from ourchat.protocol.frames import MAX_REQUEST_ID_CHARS
from tests.support.asyncapi import validate_event, validate_reply
from tests.support.frames import hostile_frames

FUZZ_EXAMPLES = int(os.environ.get("OURCHAT_FUZZ_EXAMPLES", "500"))
WAIT_SECONDS = 10.0
MESSAGE_TOO_BIG = 1009
# Codes a frame may earn; `internal` would mean a handler failed unexpectedly.
EXPECTED_CODES = {"bad_request", "forbidden", "not_found", "conflict", "too_large"}


def socket_of(chat: LocalChat, user_id: str) -> ClientConnection:
    """A blocking WebSocket client of one user, straight to 127.0.0.1 (a context manager)."""
    url = f"{chat.ws_url}?token={quote(chat.token_for(user_id))}"
    return connect(url, open_timeout=WAIT_SECONDS, proxy=None, max_size=None)


def answer_to(socket: ClientConnection) -> dict[str, Any]:
    """Return the next reply, checking every event that arrives before it."""
    while True:
        frame = json.loads(socket.recv(timeout=WAIT_SECONDS))
        if isinstance(frame, dict) and frame.get("event") in EVENTS:
            validate_event(frame)
            continue
        assert isinstance(frame, dict), frame
        return frame


def request(socket: ClientConnection, action: str, **fields: Any) -> dict[str, Any]:
    """Send an action and return its reply's data, failing unless ok."""
    socket.send(json.dumps({"action": action, **fields}))
    reply = answer_to(socket)
    assert reply["ok"] is True, reply
    data: dict[str, Any] = reply["data"]
    return data


def frame_fields(frame: str | bytes) -> tuple[Any, Any]:
    """The action and requestId a frame carries, as the gateway's JSON parser sees them."""
    try:
        body = json.loads(frame) if isinstance(frame, str) else None
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict):
        return None, None
    return body.get("action"), body.get("requestId")


def check_reply(frame: str | bytes, reply: dict[str, Any]) -> str:
    """Check one reply against the protocol; return its outcome (`ok` or the error code)."""
    assert "ok" in reply, f"not a reply (a gateway error frame?): {reply}"
    validate_reply(reply)
    action, request_id = frame_fields(frame)
    assert reply["action"] is None or reply["action"] == action, reply
    if reply["requestId"] is not None:
        assert reply["requestId"] == request_id, reply
        assert len(reply["requestId"]) <= MAX_REQUEST_ID_CHARS
    if reply["ok"]:
        return "ok"
    code: str = reply["error"]["code"]
    assert code in EXPECTED_CODES, reply
    return code


def size_of(frame: str | bytes) -> int:
    return len(frame.encode("utf-8")) if isinstance(frame, str) else len(frame)


def test_hostile_frames_get_documented_answers(local_chat: LocalChat, record_property: Any) -> None:
    fuzzer, bystander = f"fz-{uuid.uuid4().hex[:8]}", f"by-{uuid.uuid4().hex[:8]}"
    outcomes: Counter[str] = Counter()
    with ExitStack() as sockets:
        calm = sockets.enter_context(socket_of(local_chat, bystander))
        current = [sockets.enter_context(socket_of(local_chat, fuzzer))]
        group_id = request(current[0], "createGroup", groupName="Fuzz")["groupId"]
        thread = request(current[0], "createThread", groupId=group_id, threadName="t")
        ids = [group_id, thread["threadId"], fuzzer, bystander, new_ulid(), "not-an-id", "../"]

        @settings(
            max_examples=FUZZ_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(frame=hostile_frames(ids))
        def one_frame(frame: str | bytes) -> None:
            socket = current[0]
            socket.send(frame)
            if size_of(frame) > DEFAULT_MAX_MESSAGE_BYTES:
                with pytest.raises(ConnectionClosed):
                    socket.recv(timeout=WAIT_SECONDS)
                assert socket.close_code == MESSAGE_TOO_BIG
                outcomes["closed 1009"] += 1
                current[0] = sockets.enter_context(socket_of(local_chat, fuzzer))
            else:
                outcomes[check_reply(frame, answer_to(socket))] += 1
            # The other client is served all along
            assert "groups" in request(calm, "listGroups")

        one_frame()

    total = sum(outcomes.values())
    record_property("fuzz_cases", total)
    print(f"fuzz: {total} frames, outcomes {dict(outcomes)}")
    assert total >= min(FUZZ_EXAMPLES, 100)
    assert outcomes["bad_request"] > 0


def test_a_text_frame_that_is_not_utf8_closes_with_1007_and_others_carry_on(
    local_chat: LocalChat,
) -> None:
    with socket_of(local_chat, "calm-user") as calm, socket_of(local_chat, "odd-user") as odd:
        odd.send(b'{"action": "listGroups", "x": "\xed\xa0\x80"}', text=True)
        with pytest.raises(ConnectionClosed):
            odd.recv(timeout=WAIT_SECONDS)
        assert odd.close_code == 1007
        assert request(calm, "listGroups")["groups"] == []


@pytest.mark.parametrize(
    "frame",
    [
        "[" * 5_000 + "]" * 5_000,
        '{"action":' * 5_000 + "1" + "}" * 5_000,
        '{"action": "sendMessage", "content": ' + "[" * 5_000 + "]" * 5_000 + "}",
    ],
    ids=["array", "object", "routed"],
)
def test_json_nested_too_deeply_is_a_bad_request_and_the_socket_carries_on(
    local_chat: LocalChat, frame: str
) -> None:
    # Such a frame used to kill the connection's frame loop (RecursionError in route selection)
    with socket_of(local_chat, f"deep-{uuid.uuid4().hex[:8]}") as socket:
        socket.send(frame)
        reply = answer_to(socket)
        assert check_reply(frame, reply) == "bad_request"
        assert request(socket, "listGroups")["groups"] == []
