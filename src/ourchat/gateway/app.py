"""The local API Gateway WebSocket emulator as one ASGI application."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.routing import BaseRoute
from starlette.websockets import WebSocket

from ourchat.gateway.close_codes import GOING_AWAY, NORMAL_CLOSURE, REASON_PHRASES
from ourchat.gateway.config import MANAGEMENT_MAX_POST_BYTES, GatewayConfig
from ourchat.gateway.connection import LiveConnection, frame_for
from ourchat.gateway.dispatch import FUNCTION_PREFIX, MessageDispatcher, bind_routes
from ourchat.gateway.handshake import Handshake
from ourchat.gateway.http_protocol import MANAGEMENT_ATTRIBUTE
from ourchat.gateway.invoker import Binder, Invoker, load_handler
from ourchat.gateway.lifecycle import ConnectionLifecycle
from ourchat.gateway.management import ManagementApi, Receive, Scope, Send
from ourchat.gateway.protocol import serialize_text
from ourchat.gateway.queues import LocalQueue
from ourchat.gateway.registry import ConnectionRegistry
from ourchat.gateway.routing import CONNECT_ROUTE, DISCONNECT_ROUTE
from ourchat.gateway.sigv4 import AccessKey, SigV4Verifier
from ourchat.gateway.site import site_routes
from ourchat.gateway.throttle import TokenBucket
from ourchat.ports.queue import QueuedMessage
from ourchat.routes import QueueConsumer
from ourchat.routes import Route as ManifestRoute

DELIVERY_TIMEOUT_SECONDS = 30.0
DISCONNECT_TIMEOUT_SECONDS = 5.0
"""How long `disconnect` waits for the closing handshakes it starts (they go on after)."""


class PayloadTooLarge(ValueError):
    """Pushed data is over the @connections POST limit (131072 bytes)."""


def _now() -> datetime:
    return datetime.now(UTC)


def _check_size(data: bytes) -> None:
    if len(data) > MANAGEMENT_MAX_POST_BYTES:
        raise PayloadTooLarge(f"data is {len(data)} bytes, over {MANAGEMENT_MAX_POST_BYTES}")


class Gateway:
    """Runs a route manifest's handlers behind a WebSocket API stage, as API Gateway would.

    Args:
        routes: The route manifest; every route's module must have a `handler` function.
        authorizer: The dotted path of the $connect REQUEST authorizer, or None for none.
        config: The stage settings and limits.
        identity_sources: Request values that must be present before the authorizer runs,
            e.g. `("route.request.querystring.token",)`; missing ones answer 401.
        extra_routes: More Starlette routes served on the same port (e.g. a local sign-in
            page); they come after the stage's routes and before the static site.
        bind: Applied to every imported handler, the authorizer's included: how the
            caller hands its dependencies to the handlers (see `load_handler`).
        management_key: The access key @connections requests must be signed with; a new
            random one by default (read it back from `management_key`).
        region: The Region @connections signatures must be scoped to.
        consumers: Functions fed by queues (the manifest's `CONSUMERS`): each gets an
            in-process FIFO queue, filled with `send_to_queue`.

    Raises:
        ImportError: A handler module cannot be imported.
        ValueError: The manifest is invalid (duplicate keys, a path with no handler).
        RuntimeError: `config.static_dir` is not a directory.
    """

    def __init__(
        self,
        routes: Iterable[ManifestRoute],
        authorizer: str | None = None,
        config: GatewayConfig | None = None,
        *,
        identity_sources: Sequence[str] = (),
        extra_routes: Sequence[BaseRoute] = (),
        bind: Binder | None = None,
        management_key: AccessKey | None = None,
        region: str = "us-east-1",
        consumers: Sequence[QueueConsumer] = (),
    ) -> None:
        self.config = config or GatewayConfig()
        self.management_key = management_key or AccessKey.generate()
        """The key pair that signs @connections requests (the caller's IAM identity)."""
        bound = bind_routes(routes, bind)
        self._invoker = Invoker(self.config.integration_timeout_seconds, self.config.max_workers)
        self._registry = ConnectionRegistry()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._queues = {
            consumer.name: LocalQueue(
                consumer,
                load_handler(consumer.handler, FUNCTION_PREFIX + consumer.name, bind),
                self._invoker,
            )
            for consumer in consumers
        }
        connect = bound.get(CONNECT_ROUTE)
        disconnect = bound.get(DISCONNECT_ROUTE)
        authorizer_handler = (
            load_handler(authorizer, FUNCTION_PREFIX + "authorizer", bind) if authorizer else None
        )
        handshake = Handshake(
            self._invoker,
            authorizer_handler,
            identity_sources,
            connect.handler if connect else None,
            _now,
        )
        connect_bucket = None
        if self.config.connections_per_second is not None:
            rate = self.config.connections_per_second
            connect_bucket = TokenBucket(rate, max(1, int(rate)))
        self._lifecycle = ConnectionLifecycle(
            self.config,
            self._invoker,
            handshake,
            MessageDispatcher(bound, self._invoker, _now),
            disconnect.handler if disconnect else None,
            self._registry,
            connect_bucket,
            _now,
        )
        site = Starlette(routes=self._routes(extra_routes), lifespan=self._lifespan)
        self._management = ManagementApi(
            site,
            self.config.stage,
            lambda: self._registry,
            SigV4Verifier(self.management_key, region),
        )
        stage_path = f"/{self.config.stage}"

        # A plain coroutine function, so that ASGI servers recognize it as ASGI 3.
        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            # The stage's WebSocket goes straight to the connection's lifecycle, not through
            # Starlette's middleware and router, whose wrappers every frame would pass.
            if scope["type"] == "websocket" and scope["path"] == stage_path:
                await self._lifecycle.serve(WebSocket(scope, receive, send))
                return
            await self._management(scope, receive, send)

        # GatewayHttpProtocol finds the management API here and answers it without ASGI.
        setattr(app, MANAGEMENT_ATTRIBUTE, self._management)
        self.app = app
        """The ASGI application: the WebSocket stage, @connections and the optional site."""

    def _routes(self, extra_routes: Sequence[BaseRoute]) -> list[BaseRoute]:
        routes: list[BaseRoute] = [*extra_routes]
        if self.config.static_dir is not None:
            routes.extend(site_routes(self.config.static_dir))
        return routes

    @contextlib.asynccontextmanager
    async def _lifespan(self, _: Starlette) -> AsyncIterator[None]:
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._invoker.reset()
        runners = [asyncio.create_task(queue.run()) for queue in self._queues.values()]
        try:
            yield
        finally:
            for runner in runners:
                runner.cancel()
            await asyncio.gather(*runners, return_exceptions=True)
            self._loop = None

    @property
    def connection_count(self) -> int:
        """The number of connections accepted and not yet through $disconnect."""
        return len(self._registry)

    async def deliver(self, connection_id: str, data: bytes) -> bool:
        """Send pushed data to a connection from the event loop; False when it is gone.

        Raises:
            PayloadTooLarge: `data` is over 131072 bytes.
        """
        return not await self.deliver_many([connection_id], data)

    async def deliver_many(self, connection_ids: Sequence[str], data: bytes) -> list[str]:
        """Send pushed data to many connections from the event loop; return the gone ones.

        Raises:
            PayloadTooLarge: `data` is over 131072 bytes.
        """
        gone, slow = self._write_now(connection_ids, data)
        return await self._finish(connection_ids, data, gone, slow)

    def _write_now(
        self, connection_ids: Sequence[str], data: bytes
    ) -> tuple[set[str], list[LiveConnection]]:
        """Write the frame to every connection that can take it at once.

        The frame is serialized once for all; only a connection whose write buffer is full
        (or that has sends queued) is left for an awaited send, so a fan-out costs no task
        per recipient.

        Returns:
            The ids that are gone, and the connections left for an awaited send.

        Raises:
            PayloadTooLarge: `data` is over 131072 bytes.
        """
        _check_size(data)
        serialized = serialize_text(data) if isinstance(frame_for(data), str) else None
        gone: set[str] = set()
        slow: list[LiveConnection] = []
        for connection_id in connection_ids:
            connection = self._registry.get_open(connection_id)
            if connection is None:
                gone.add(connection_id)
            elif serialized is None or not connection.send_now(data, serialized):
                slow.append(connection)
        return gone, slow

    @staticmethod
    async def _finish(
        connection_ids: Sequence[str], data: bytes, gone: set[str], slow: list[LiveConnection]
    ) -> list[str]:
        if slow:
            frame = frame_for(data)
            sent = await asyncio.gather(*(connection.send(frame) for connection in slow))
            gone.update(c.connection_id for c, ok in zip(slow, sent, strict=True) if not ok)
        return [connection_id for connection_id in connection_ids if connection_id in gone]

    def post_to_connection(self, connection_id: str, data: bytes) -> bool:
        """Send pushed data to a connection from any thread but the event loop's.

        The in-process equivalent of @connections POST: UTF-8 data goes as a text frame,
        anything else as a binary frame.

        Returns:
            True once the frame is written; False when the connection is gone.

        Raises:
            PayloadTooLarge: `data` is over 131072 bytes.
            RuntimeError: The gateway is not running, or this is the event loop's thread.
            TimeoutError: The frame could not be written within 30 seconds.
        """
        return not self.post_to_connections([connection_id], data)

    def post_to_connections(self, connection_ids: Sequence[str], data: bytes) -> list[str]:
        """Send pushed data to many connections at once, from any thread but the event loop's.

        One hop onto the event loop for the whole fan-out: a round trip per recipient would
        cost a thread wake-up each.

        Returns:
            The ids of the connections that are gone.

        Raises:
            PayloadTooLarge: `data` is over 131072 bytes.
            RuntimeError: The gateway is not running, or this is the event loop's thread.
            TimeoutError: The frames could not be written within 30 seconds.
        """
        _check_size(data)
        loop = self._loop
        if loop is None or loop.is_closed():
            raise RuntimeError("the gateway is not running")
        if self._loop_thread == threading.get_ident():
            raise RuntimeError("post_to_connections blocks: call `deliver` on the event loop")

        # One wake-up of the loop and one lock release back: a concurrent future and its
        # Condition cost more than the writes of a small fan-out.
        done = threading.Lock()
        done.acquire()
        outcome: list[Any] = []

        def finished(result: Any) -> None:
            outcome.append(result)
            done.release()

        def start() -> None:
            try:
                gone, slow = self._write_now(connection_ids, data)
            except Exception as error:
                finished(error)
                return
            if not slow:
                finished([c for c in connection_ids if c in gone])
                return
            task = loop.create_task(self._finish(connection_ids, data, gone, slow))
            task.add_done_callback(
                lambda t: finished(t.exception() or t.result() if not t.cancelled() else None)
            )

        _check_size(data)
        loop.call_soon_threadsafe(start)
        if not done.acquire(timeout=DELIVERY_TIMEOUT_SECONDS):
            raise TimeoutError("the frames could not be written in time")
        [result] = outcome
        if isinstance(result, BaseException):
            raise result
        if result is None:
            raise RuntimeError("the gateway stopped while delivering")
        return list(result)

    def disconnect(self, connection_ids: Sequence[str]) -> None:
        """Close connections as @connections DELETE does, from any thread but the loop's.

        Each closes with 1000 (normal closure) and gets its `$disconnect`; a connection
        that is gone already is skipped.

        Raises:
            RuntimeError: The gateway is not running, or this is the event loop's thread.
            TimeoutError: The event loop was too busy to start them within 6 seconds (the
                closing handshakes themselves are waited for 5 seconds at most).
        """
        loop = self._loop
        if loop is None or loop.is_closed():
            raise RuntimeError("the gateway is not running")
        if self._loop_thread == threading.get_ident():
            raise RuntimeError("disconnect blocks: close the connections on the event loop")

        async def close() -> None:
            found = (self._registry.get_open(c) for c in connection_ids)
            closing = [
                connection.close(NORMAL_CLOSURE, REASON_PHRASES[NORMAL_CLOSURE])
                for connection in found
                if connection is not None
            ]
            # Concurrently, and bounded: a peer that stopped reading must neither hold up the
            # others nor the caller past API Gateway's integration timeout.
            if closing:
                await asyncio.wait(
                    [asyncio.ensure_future(c) for c in closing], timeout=DISCONNECT_TIMEOUT_SECONDS
                )

        future = asyncio.run_coroutine_threadsafe(close(), loop)
        future.result(DISCONNECT_TIMEOUT_SECONDS + 1)

    def queue(self, name: str) -> LocalQueue:
        """The in-process queue of a consumer (to inspect it, e.g. its dead letters).

        Raises:
            KeyError: No consumer of that name.
        """
        return self._queues[name]

    def send_to_queue(self, name: str, messages: Sequence[QueuedMessage]) -> None:
        """Enqueue messages for a consumer, from any thread, in order; returns at once.

        Raises:
            KeyError: No consumer of that name.
            RuntimeError: The gateway is not running.
        """
        queue = self._queues[name]
        loop = self._loop
        if loop is None or loop.is_closed():
            raise RuntimeError("the gateway is not running")
        if self._loop_thread == threading.get_ident():
            queue.put(messages)
        else:
            loop.call_soon_threadsafe(queue.put, list(messages))

    async def close_all(self, timeout: float | None = None) -> None:
        """Close every connection with 1001 (going away) and wait for their $disconnect.

        Args:
            timeout: The longest wait; by default the integration timeout plus 5 seconds.
        """
        wait = timeout if timeout is not None else self.config.integration_timeout_seconds + 5
        await self._registry.close_all(GOING_AWAY, REASON_PHRASES[GOING_AWAY], wait)
