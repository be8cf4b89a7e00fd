"""The stage's throttling as `ourchat serve` applies it: per connection, AWS's throttled frame.

A flooding client gets `{"message": "Too Many Requests", ...}` for the frames over its bucket
(those frames never reach a handler), while another client's requests all succeed.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any
from urllib.parse import quote

import pytest
from websockets.asyncio.client import connect

from ourchat.local.server import stage_config
from ourchat.throttling import CONNECTION_LIMITS, STAGE_LIMITS, ThrottleLimits
from tests.support.local_chats import ChatFactory
from tests.support.ws_client import WAIT_SECONDS, chat_client

pytestmark = pytest.mark.anyio

FLOOD_FRAMES = 3 * CONNECTION_LIMITS.burst


def test_serve_throttles_each_connection_with_the_stage_limits() -> None:
    config = stage_config()
    assert config.throttle_rate_per_second == CONNECTION_LIMITS.rate_per_second
    assert config.throttle_burst == CONNECTION_LIMITS.burst
    # The AWS stage's shared bucket makes room for many connections at their own limit
    assert STAGE_LIMITS.rate_per_second >= 10 * CONNECTION_LIMITS.rate_per_second
    assert STAGE_LIMITS.burst >= 10 * CONNECTION_LIMITS.burst


@pytest.mark.parametrize(("rate", "burst"), [(0, 1), (1, 0), (-1, 5)])
def test_impossible_limits_are_refused(rate: float, burst: int) -> None:
    with pytest.raises(ValueError, match="rate_per_second must be positive"):
        ThrottleLimits(rate, burst)


async def flood(ws_url: str, token: str) -> tuple[list[dict[str, Any]], float]:
    """Send FLOOD_FRAMES requests at once; return every frame answered, and the seconds taken."""
    async with connect(f"{ws_url}?token={quote(token)}", open_timeout=WAIT_SECONDS) as socket:
        started = time.monotonic()
        for n in range(FLOOD_FRAMES):
            await socket.send(json.dumps({"action": "listGroups", "requestId": f"f{n}"}))
        answers = [
            json.loads(await asyncio.wait_for(socket.recv(), WAIT_SECONDS))
            for _ in range(FLOOD_FRAMES)
        ]
        return answers, time.monotonic() - started


async def test_a_flooding_client_is_throttled_and_another_is_not(
    make_local_chat: ChatFactory,
) -> None:
    chat = make_local_chat(gateway=stage_config())
    flooder, calm = f"u-{uuid.uuid4().hex[:8]}", f"u-{uuid.uuid4().hex[:8]}"
    async with chat_client(chat.ws_url, chat.token_for(calm)) as polite:
        # When one client floods while the other sends all its own bucket holds
        flooding = asyncio.create_task(flood(chat.ws_url, chat.token_for(flooder)))
        calm_replies = []
        for _ in range(CONNECTION_LIMITS.burst):
            calm_replies.append(await polite.request("listGroups"))
        answers, seconds = await flooding

    # Then every flooded frame got an answer: a reply, or AWS's throttled frame
    replies = [a for a in answers if "ok" in a]
    throttled = [a for a in answers if "ok" not in a]
    assert len(replies) + len(throttled) == FLOOD_FRAMES
    assert all(reply["ok"] is True for reply in replies)
    assert {frozenset(frame) for frame in throttled} == {
        frozenset({"message", "connectionId", "requestId"})
    }
    assert {frame["message"] for frame in throttled} == {"Too Many Requests"}
    # And no more frames went through than the bucket allows
    allowed = CONNECTION_LIMITS.burst + CONNECTION_LIMITS.rate_per_second * seconds + 1
    assert CONNECTION_LIMITS.burst <= len(replies) <= allowed
    # And the calm client was never throttled
    assert all(reply["ok"] is True for reply in calm_replies)
