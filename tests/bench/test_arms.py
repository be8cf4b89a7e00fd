"""Frames of the arms: the sequence marker and the raw frames' size."""

from __future__ import annotations

from pathlib import Path

from benchmarks.arms import CONTENT_BYTES, RawArm, chat_event_size, content_for, seq_of
from benchmarks.raw_server import raw_server
from benchmarks.seed import Room


def test_content_carries_its_sequence_number() -> None:
    content = content_for(1234)
    assert len(content.encode("utf-8")) == CONTENT_BYTES
    assert seq_of('{"event":"message.created","data":{"content":"' + content + '"}}') == 1234
    assert seq_of('{"ok":true}') == -1


def test_raw_frames_are_as_large_as_ourchat_events() -> None:
    # The child is never started: the arm only needs it for URLs.
    arm = RawArm(raw_server(Path("raw.log")), chat_event_size())
    frame = arm.message_frame(7, Room("room", "", ("a",)))
    assert len(frame.encode("utf-8")) == chat_event_size()
    assert seq_of(frame) == 7
