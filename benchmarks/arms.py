"""The servers a scenario drives ("arms"): ourchat in one configuration, or the raw baseline.

Both speak enough of the same language for the scenarios: a member connects to a URL, a
sender sends a frame, every member receives an event frame with the same content marker,
and the sender receives a reply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from benchmarks.seed import Room
from benchmarks.server_process import ServerProcess
from ourchat.auth.tokens import issue_local_token
from ourchat.domain.events import MESSAGE_CREATED
from ourchat.domain.ids import new_ulid
from ourchat.domain.models import Message
from ourchat.domain.records import to_record
from ourchat.domain.timestamps import format_timestamp
from ourchat.local.secret import load_or_create_secret
from ourchat.ports.clock import system_clock
from ourchat.services.fanout import encode_event
from ourchat.settings import LOCAL_AUDIENCE, LOCAL_ISSUER

CONTENT_BYTES = 200
MARKER = "bench#"
_SEQ_DIGITS = 8


def content_for(seq: int) -> str:
    """Return message content of CONTENT_BYTES bytes that carries the sequence number."""
    head = f"{MARKER}{seq:0{_SEQ_DIGITS}d}#"
    return head + "x" * (CONTENT_BYTES - len(head))


def seq_of(frame: str) -> int:
    """Return the sequence number carried by a frame's content, or -1 if it has none."""
    at = frame.find(MARKER)
    if at < 0:
        return -1
    start = at + len(MARKER)
    digits = frame[start : start + _SEQ_DIGITS]
    return int(digits) if digits.isdigit() else -1


def chat_event_size() -> int:
    """Return the size in bytes of ourchat's message.created frame for bench content."""
    message = Message(
        new_ulid(),
        new_ulid(),
        new_ulid(),
        content_for(0),
        "b000000-f100-0000",
        format_timestamp(system_clock()),
        "c00000000-0000000000",
    )
    return len(encode_event(MESSAGE_CREATED, to_record(message)))


class Arm(Protocol):
    """A server under test."""

    label: str
    store: str
    pusher: str
    child: ServerProcess

    def url_for(self, user_id: str, room: Room) -> str:
        """The URL a member of the room connects to."""
        ...

    def message_frame(self, seq: int, room: Room) -> str:
        """The frame a sender sends to post message `seq` in the room."""
        ...


@dataclass
class ChatArm:
    """ourchat's local server in one configuration (store and pusher)."""

    label: str
    store: str
    pusher: str
    child: ServerProcess
    secret: str
    run_id: str = field(default_factory=lambda: new_ulid()[-10:])

    @classmethod
    def for_child(cls, child: ServerProcess, store: str, pusher: str, data_dir: str) -> ChatArm:
        """Build the arm of a started chat child whose secret is in `data_dir`."""
        secret = load_or_create_secret(Path(data_dir))
        return cls(f"{store}/{pusher}", store, pusher, child, secret)

    def token_for(self, user_id: str) -> str:
        """A token the server accepts for this user."""
        return issue_local_token(
            self.secret,
            user_id=user_id,
            user_name=None,
            issuer=LOCAL_ISSUER,
            audience=LOCAL_AUDIENCE,
            now=system_clock(),
        )

    def url_for(self, user_id: str, room: Room) -> str:
        """The stage URL with the user's token."""
        return f"{self.child.url}?token={quote(self.token_for(user_id))}"

    def request_frame(self, action: str, request_id: str, **fields: Any) -> str:
        """A client frame of the wire protocol."""
        return json.dumps({"action": action, "requestId": request_id, **fields})

    def message_frame(self, seq: int, room: Room) -> str:
        """A sendMessage frame with a clientMessageId, as the web client sends it."""
        return self.request_frame(
            "sendMessage",
            f"r{seq}",
            groupId=room.group_id,
            threadId=room.thread_id,
            content=content_for(seq),
            clientMessageId=f"c{seq:08d}-{self.run_id}",
        )


@dataclass
class RawArm:
    """The raw broadcast server; its frames are padded to the size of ourchat's events."""

    child: ServerProcess
    event_size: int
    label: str = "raw"
    store: str = "raw"
    pusher: str = "-"

    def url_for(self, user_id: str, room: Room) -> str:
        """The room's URL (no authorization)."""
        return f"{self.child.url}/{room.group_id}"

    def message_frame(self, seq: int, room: Room) -> str:
        """An event-shaped frame that the server broadcasts as it is."""
        content = content_for(seq)
        bare = len(_raw_frame(content, ""))
        return _raw_frame(content, "p" * max(0, self.event_size - bare))


def _raw_frame(content: str, pad: str) -> str:
    data = {"content": content, "pad": pad}
    return json.dumps({"event": MESSAGE_CREATED, "data": data}, separators=(",", ":"))
