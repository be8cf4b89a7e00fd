"""Message size limit and per-connection throttling; other clients are never affected."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from ourchat.gateway import GatewayConfig
from tests.support.gateway import (
    ask,
    client_url,
    closed_with,
    connection_id_of,
    open_client,
    recv_json,
    running_gateway,
)

pytestmark = pytest.mark.anyio


def echo_frame_of(size: int) -> str:
    """Return an echo frame of exactly `size` UTF-8 bytes.

    Its two-byte characters show that the limit counts bytes, not characters.
    """
    head, tail = '{"action": "echo", "pad": "', '"}'
    room = size - len(head) - len(tail)
    frame = head + "é" * (room // 2) + " " * (room % 2) + tail
    assert len(frame.encode("utf-8")) == size
    return frame


async def test_an_oversized_message_closes_only_its_connection_with_1009() -> None:
    limit = 4096
    with running_gateway(GatewayConfig(max_message_bytes=limit)) as server:
        async with (
            open_client(client_url(server, "big")) as big,
            open_client(client_url(server, "other")) as other,
        ):
            assert (await ask(big, echo_frame_of(limit)))["action"] == "echo"

            await big.send(echo_frame_of(limit + 1))
            code, _ = await closed_with(big)

            assert code == 1009
            assert await ask(other, {"action": "echo", "still": "here"}) == {
                "action": "echo",
                "still": "here",
            }


async def test_a_client_over_its_rate_gets_too_many_requests_and_others_do_not() -> None:
    config = GatewayConfig(throttle_rate_per_second=0.5, throttle_burst=3)
    with running_gateway(config) as server:
        async with (
            open_client(client_url(server, "noisy")) as noisy,
            open_client(client_url(server, "calm")) as calm,
        ):
            for n in range(5):
                await noisy.send(json.dumps({"action": "echo", "n": n}))
            frames = [await recv_json(noisy) for _ in range(5)]

            kinds = Counter("n" if "n" in frame else frame["message"] for frame in frames)
            assert kinds == {"n": 3, "Too Many Requests": 2}
            noisy_id = next(f["connectionId"] for f in frames if "message" in f)
            assert [f["n"] for f in frames if "n" in f] == [0, 1, 2]

            calm_id = await connection_id_of(calm)
            assert calm_id != noisy_id
            for n in range(2):
                assert await ask(calm, {"action": "echo", "n": n}) == {"action": "echo", "n": n}
