"""The lean @connections pusher against the local gateway (which verifies SigV4), moto, and a
scripted server for throttling and failures."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from moto.apigatewaymanagementapi.models import apigatewaymanagementapi_backends

from ourchat.adapters.apigateway.connections_pusher import (
    ConnectionsPusher,
    Timeouts,
    static_credentials,
)
from ourchat.adapters.apigateway.emf import EmfWriter
from ourchat.gateway import GatewayServer
from ourchat.gateway.sigv4 import AccessKey
from tests.support.gateway import (
    client_url,
    connection_id_of,
    in_thread,
    open_client,
    recv_text,
    running_gateway,
)
from tests.support.moto import DUMMY_CREDENTIAL, MOTO_REGION
from tests.support.scripted_http import scripted_server

UNKNOWN = "Zm9vYmFyYmF6cXU="


def lean(
    url: str, key: AccessKey, metrics: io.StringIO | None = None, **options: object
) -> ConnectionsPusher:
    return ConnectionsPusher(
        url,
        "us-east-1",
        credentials=static_credentials(key.access_key_id, key.secret_access_key),
        metrics=EmfWriter(metrics) if metrics is not None else None,
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture
def server() -> Iterator[GatewayServer]:
    """The sample gateway, whose @connections API verifies signatures."""
    with running_gateway() as running:
        yield running


@pytest.fixture
def emf() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def pusher(server: GatewayServer, emf: io.StringIO) -> Iterator[ConnectionsPusher]:
    pusher = lean(server.management_url, server.gateway.management_key, emf)
    yield pusher
    pusher.close()


def metric_lines(emf: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in emf.getvalue().splitlines()]


@pytest.mark.anyio
async def test_signed_posts_reach_every_connection_and_unknown_ones_are_gone(
    server: GatewayServer,
    pusher: ConnectionsPusher,
    emf: io.StringIO,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    async with (
        open_client(client_url(server, "a")) as first,
        open_client(client_url(server, "b")) as second,
    ):
        ids = [await connection_id_of(first), await connection_id_of(second)]

        gone = await in_thread(lambda: pusher.send([*ids, UNKNOWN], '{"n":"é"}'.encode()))
        again = await in_thread(lambda: pusher.send(ids, b"second"))

        assert gone == [UNKNOWN]
        assert again == []
        for ws in (first, second):
            assert await recv_text(ws) == '{"n":"é"}'
            assert await recv_text(ws) == "second"
    [metrics, _] = metric_lines(emf)
    assert metrics["FanoutSize"] == 3
    assert metrics["Pushes"] == 2
    assert metrics["PushesGone"] == 1
    assert metrics["PushFailures"] == 0
    assert all(i not in caplog.text for i in [*ids, UNKNOWN])


@pytest.mark.anyio
async def test_a_wrong_key_is_refused_and_counted_never_gone(
    server: GatewayServer, emf: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    wrong = lean(server.management_url, AccessKey("AKIAWRONGWRONGWRONG0", "nope"), emf)
    try:
        async with open_client(client_url(server)) as ws:
            connection_id = await connection_id_of(ws)

            gone = await in_thread(lambda: wrong.send([connection_id], b"x"))
    finally:
        wrong.close()

    assert gone == []
    assert metric_lines(emf)[0]["PushFailures"] == 1
    assert "push failures" in caplog.text
    assert connection_id not in caplog.text


def test_posts_reach_moto(moto_endpoint: str) -> None:
    # moto serves @connections at the endpoint's root (no stage) and keeps each POST's data.
    key = AccessKey(DUMMY_CREDENTIAL, DUMMY_CREDENTIAL)
    pusher = ConnectionsPusher(
        moto_endpoint,
        MOTO_REGION,
        credentials=static_credentials(key.access_key_id, key.secret_access_key),
    )
    try:
        gone = pusher.send(["moto-a", "moto-b"], b'{"event":"hi"}')
    finally:
        pusher.close()

    connections = apigatewaymanagementapi_backends["123456789012"][MOTO_REGION].connections
    assert gone == []
    assert connections["moto-a"].data.endswith(b'{"event":"hi"}')
    assert connections["moto-b"].data.endswith(b'{"event":"hi"}')


def test_throttling_is_retried_and_other_statuses_are_counted(emf: io.StringIO) -> None:
    scripts = {"slow-down": [429, 429, 200], "broken": [500], "left": [410], "fine": [200]}
    with scripted_server(scripts) as server:
        pusher = lean(server.url, AccessKey("AKIAX", "x"), emf)
        try:
            gone = pusher.send(list(scripts), b"frame")
        finally:
            pusher.close()

    assert gone == ["left"]
    assert server.requests == {"slow-down": 3, "broken": 1, "left": 1, "fine": 1}
    [metrics] = metric_lines(emf)
    assert (metrics["Pushes"], metrics["PushFailures"], metrics["PushThrottles"]) == (2, 1, 2)


def test_throttling_that_persists_ends_as_a_failure(emf: io.StringIO) -> None:
    with scripted_server({"busy": [429]}) as server:
        pusher = lean(server.url, AccessKey("AKIAX", "x"), emf)
        try:
            assert pusher.send(["busy"], b"frame") == []
        finally:
            pusher.close()

    assert server.requests["busy"] == 5
    assert metric_lines(emf)[0]["PushFailures"] == 1


def test_a_recipient_that_does_not_answer_in_time_is_a_failure(emf: io.StringIO) -> None:
    with scripted_server({}, delay_seconds=1.0) as server:
        timeouts = Timeouts(connect=1.0, request=0.2, fanout=5.0)
        pusher = lean(server.url, AccessKey("AKIAX", "x"), emf, timeouts=timeouts)
        try:
            assert pusher.send(["late"], b"frame") == []
        finally:
            pusher.close()

    assert metric_lines(emf)[0]["PushFailures"] == 1


def test_every_post_of_a_fan_out_carries_the_same_frame_and_a_signature() -> None:
    ids = [f"c{i}" for i in range(300)]
    with scripted_server({}) as server:
        pusher = lean(server.url, AccessKey("AKIAX", "x"), concurrency=8)
        try:
            assert pusher.send(ids, b"same") == []
            assert pusher.send(ids[:5], b"again") == []
        finally:
            pusher.close()

    assert set(server.requests) == set(ids)
    assert server.bodies.count(b"same") == 300
