"""Hostile frames over a real socket: each gets a documented answer, and others stay served.

Hypothesis draws frames (tests/support/frames.py): random bytes and text, deep and huge
JSON, wrong types, unicode edge cases, sizes around every limit, and requests of every
declared action with its own fields (read from its request struct in
`ourchat/protocol/actions.py`), valid samples naming a real group, thread, message and
member mixed with odd values. For each one, the local chat must answer with exactly one
reply of the documented shape (docs/asyncapi.yaml `reply`) and never with `internal` or a
gateway error frame (a handler crash), or close the connection with 1009 when the frame is
over 128 KiB. After each frame a bystander's request succeeds.

The fuzzer owns a group with a thread and a message, which the frames name, so that they
reach the member, owner and sender paths. Actions that may take that standing away
(`SELF_DESTRUCTIVE`: deleteUser, leaveGroup, ...) or that need an invitation are sent as a
throwaway owner, member or invitee of a group of its own (`sender_of`), made anew whenever
one succeeds; at the end the fuzzer's standing must be whole.

`make test` runs FUZZ_EXAMPLES frames (default 500) and FUZZ_EXAMPLES / 200 rounds of one
request of every action (at least 3, besides one round of valid samples); `make fuzz` runs
many more by setting OURCHAT_FUZZ_EXAMPLES.
"""

from __future__ import annotations

import json
import os
import uuid
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import msgspec
import pytest
from hypothesis import HealthCheck, example, given, settings
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from ourchat.domain.events import EVENTS
from ourchat.domain.ids import new_ulid
from ourchat.gateway.config import DEFAULT_MAX_MESSAGE_BYTES
from ourchat.local.server import LocalChat
from ourchat.protocol.actions import ACTIONS
from ourchat.protocol.frames import MAX_REQUEST_ID_CHARS
from tests.support.asyncapi import validate_event, validate_reply
from tests.support.frames import (
    SELF_DESTRUCTIVE,
    STANDING,
    action_rounds,
    bind,
    hostile_frames,
    sender_of,
    valid_frames,
)
from tests.support.hostile_values import ACTION_FIELDS
from tests.support.samples import Ids, sample_fields

FUZZ_EXAMPLES = int(os.environ.get("OURCHAT_FUZZ_EXAMPLES", "500"))
FUZZ_ROUNDS = max(3, FUZZ_EXAMPLES // 200)
COVERAGE_ROUNDS = 10
WAIT_SECONDS = 10.0
MESSAGE_TOO_BIG = 1009
# Codes a frame may earn; `internal` would mean a handler failed unexpectedly.
EXPECTED_CODES = {"bad_request", "forbidden", "not_found", "conflict", "too_large"}
FUZZ_SETTINGS = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


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


@dataclass
class Standing:
    """A user who owns a group with a thread and a message, and the socket they send on.

    `ids` are what the `STANDING` stand-ins of a frame become when this user sends it.
    """

    user_id: str
    socket: ClientConnection
    ids: Ids


class Fuzzer:
    """Sends fuzzed frames and checks each answer; a bystander checks it is served after each.

    The fuzzer's frames go out on its own standing, but those `sender_of` gives to a
    throwaway user (an owner, a member or an invitee) go out on that user's, made anew after
    each success (which may have used it up).
    """

    def __init__(self, chat: LocalChat, sockets: ExitStack) -> None:
        self.chat, self.sockets = chat, sockets
        self.user_id, bystander = f"fz-{uuid.uuid4().hex[:8]}", f"by-{uuid.uuid4().hex[:8]}"
        self.calm = sockets.enter_context(socket_of(chat, bystander))
        # The other user the fuzzer's frames name is the bystander, to invite (never a member)
        self.main = self.stand_up("fuzzer", user_id=self.user_id, other_user=bystander)
        self.throwaways: dict[str, Standing] = {}
        self.ids = [self.user_id, bystander, new_ulid(), "not-an-id", "../"]
        self.outcomes: Counter[str] = Counter()
        self.by_action: Counter[tuple[str, str]] = Counter()

    def stand_up(self, sender: str, *, user_id: str = "", other_user: str = "") -> Standing:
        """A user (the owner) makes a group, a thread and a message, and invites another to
        the group, who accepts unless `sender` is "invitee"; `sender` is which of them sends.

        Args:
            sender: As `sender_of` returns; "fuzzer" is an owner whose `other_user` is
                neither invited nor a member.
        """
        owner_id = user_id or f"ow-{uuid.uuid4().hex[:8]}"
        owner = self.sockets.enter_context(socket_of(self.chat, owner_id))
        group_id = request(owner, "createGroup", groupName="Fuzz")["groupId"]
        thread_id = request(owner, "createThread", groupId=group_id, threadName="t")["threadId"]
        message = request(owner, "sendMessage", groupId=group_id, threadId=thread_id, content="hi")
        if sender == "fuzzer":
            return Standing(
                owner_id, owner, Ids(group_id, thread_id, other_user, message["messageId"])
            )
        other_id = f"{sender[:2]}-{uuid.uuid4().hex[:8]}"
        other = self.sockets.enter_context(socket_of(self.chat, other_id))
        request(owner, "addMember", groupId=group_id, userId=other_id)
        if sender != "invitee":
            request(other, "acceptInvitation", groupId=group_id)
        if sender == "owner":
            other.close()
            return Standing(
                owner_id, owner, Ids(group_id, thread_id, other_id, message["messageId"])
            )
        owner.close()
        return Standing(other_id, other, Ids(group_id, thread_id, owner_id, message["messageId"]))

    def send(self, frame: str | bytes) -> None:
        action, _ = frame_fields(frame)
        declared = isinstance(action, str) and action in ACTIONS
        sender = sender_of(action) if declared else "fuzzer"
        if sender == "fuzzer":
            standing = self.main
        elif sender not in self.throwaways:
            standing = self.throwaways[sender] = self.stand_up(sender)
        else:
            standing = self.throwaways[sender]
        frame = bind(frame, standing.ids)
        standing.socket.send(frame)
        if size_of(frame) > DEFAULT_MAX_MESSAGE_BYTES:
            with pytest.raises(ConnectionClosed):
                answer_to(standing.socket)  # events of earlier requests may come first
            assert standing.socket.close_code == MESSAGE_TOO_BIG
            outcome = "closed 1009"
            standing.socket = self.sockets.enter_context(socket_of(self.chat, standing.user_id))
        else:
            outcome = check_reply(frame, answer_to(standing.socket))
        if sender != "fuzzer" and outcome == "ok":  # it may have used its standing up
            self.throwaways.pop(sender).socket.close()
        self.outcomes[outcome] += 1
        if declared:
            self.by_action[action, outcome] += 1
        # The other client is served all along
        assert "groups" in request(self.calm, "listGroups")

    def check_standing(self) -> None:
        """The fuzzer still owns its group, and its message is not deleted."""
        ids, socket = self.main.ids, self.main.socket
        members = request(socket, "listMembers", groupId=ids.group_id)["members"]
        assert {"userId": self.user_id, "role": "owner"}.items() <= next(
            m for m in members if m["userId"] == self.user_id
        ).items(), members
        edit = {"threadId": ids.thread_id, "messageId": ids.message_id, "content": "still here"}
        assert request(socket, "editMessage", **edit).get("deletedAt") is None

    def report(self, record_property: Any) -> int:
        total = sum(self.outcomes.values())
        record_property("fuzz_cases", total)
        reached = sorted({action for (action, outcome) in self.by_action if outcome == "ok"})
        print(f"fuzz: {total} frames, outcomes {dict(self.outcomes)}")
        print(f"fuzz: {len(reached)} of {len(ACTIONS)} actions answered ok at least once")
        print(f"fuzz: never ok: {sorted(set(ACTIONS) - set(reached))}")
        return total


def test_hostile_frames_get_documented_answers(local_chat: LocalChat, record_property: Any) -> None:
    with ExitStack() as sockets:
        fuzzer = Fuzzer(local_chat, sockets)

        @settings(FUZZ_SETTINGS, max_examples=FUZZ_EXAMPLES)
        @given(frame=hostile_frames(fuzzer.ids))
        def one_frame(frame: str | bytes) -> None:
            fuzzer.send(frame)

        one_frame()
        fuzzer.check_standing()

    total = fuzzer.report(record_property)
    assert total >= min(FUZZ_EXAMPLES, 100)
    assert fuzzer.outcomes["bad_request"] > 0


def test_every_action_gets_documented_answers_to_its_own_fields(
    local_chat: LocalChat, record_property: Any
) -> None:
    with ExitStack() as sockets:
        fuzzer = Fuzzer(local_chat, sockets)

        @settings(FUZZ_SETTINGS, max_examples=FUZZ_ROUNDS)
        @given(frames=action_rounds(fuzzer.ids))
        @example(frames=tuple(valid_frames()))
        def one_round(frames: tuple[str, ...]) -> None:
            for frame in frames:
                fuzzer.send(frame)

        one_round()
        fuzzer.check_standing()

    fuzzer.report(record_property)
    answered = {action for action, _ in fuzzer.by_action}
    assert answered == set(ACTIONS)
    # The valid round reaches past validation for every action
    assert {a for (a, outcome) in fuzzer.by_action if outcome != "bad_request"} == set(ACTIONS)


def test_every_action_is_drawn_with_its_own_fields() -> None:
    # The fuzzer's table is the declarations, so a new action is fuzzed as soon as it exists
    assert list(ACTION_FIELDS) == list(ACTIONS)
    for name, declared in ACTIONS.items():
        wire = [field.encode_name for field in msgspec.structs.fields(declared.request)]
        assert [field.name for field in ACTION_FIELDS[name]] == wire, name
    assert SELF_DESTRUCTIVE.issubset(ACTIONS)
    # One valid frame of each action, with every required field as sampled
    valid = [json.loads(frame) for frame in valid_frames()]
    assert [body["action"] for body in valid] == list(ACTIONS)
    for body in valid:
        assert sample_fields(body["action"], STANDING).items() <= body.items(), body
    # Within a few drawn rounds, each action comes with all its required fields
    with_fields: set[str] = set()

    @settings(FUZZ_SETTINGS, max_examples=COVERAGE_ROUNDS, derandomize=True)
    @given(frames=action_rounds(["someone", "not-an-id"]))
    def draw(frames: tuple[str, ...]) -> None:
        for frame in frames:
            body = json.loads(frame)
            if all(f.name in body for f in ACTION_FIELDS[body["action"]] if f.required):
                with_fields.add(body["action"])

    draw()
    assert with_fields == set(ACTIONS)


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
