"""Runs a Gateway under uvicorn: in a background thread (tests) or in the foreground (CLI)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import threading
from collections.abc import Callable, Generator
from types import TracebackType

import uvicorn

from ourchat.gateway.app import Gateway
from ourchat.gateway.http_protocol import GatewayH11Protocol, GatewayHttpProtocol, HeadLimits
from ourchat.gateway.protocol import GatewayWebSocketProtocol

_EXIT_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _UvicornServer(uvicorn.Server):
    """uvicorn's server, closing the gateway's connections with 1001 before it shuts down.

    uvicorn would otherwise close them with 1012 (service restart) and not wait for their
    $disconnect handlers.
    """

    def __init__(
        self,
        config: uvicorn.Config,
        gateway: Gateway,
        handle_signals: bool,
        on_started: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(config)
        self.gateway = gateway
        self.handle_signals = handle_signals
        self.on_started = on_started
        self.startup_done = threading.Event()

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        """Stop on SIGINT/SIGTERM, returning normally instead of re-raising the signal."""
        if not self.handle_signals:
            yield
            return
        loop = asyncio.get_running_loop()
        for sig in _EXIT_SIGNALS:
            loop.add_signal_handler(sig, self._on_exit_signal, sig)
        try:
            yield
        finally:
            for sig in _EXIT_SIGNALS:
                loop.remove_signal_handler(sig)

    def _on_exit_signal(self, sig: int) -> None:
        if self.should_exit and sig == signal.SIGINT:
            self.force_exit = True
        self.should_exit = True

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        """Start serving, then tell the waiting thread."""
        try:
            await super().startup(sockets)
        finally:
            self.startup_done.set()
        if self.started and self.on_started is not None:
            self.on_started()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Close every connection (1001) and run their $disconnect, then stop uvicorn."""
        await self.gateway.close_all()
        await super().shutdown(sockets)


class GatewayServer:
    """Serves a Gateway over HTTP and WebSocket on one port.

    Usable as a context manager (`with GatewayServer(gateway) as server:`), which starts the
    server in a background thread with its own event loop and stops it on exit.

    Args:
        host: The address to bind; keep the default, 127.0.0.1, outside a container.
        port: The port; 0 picks a free one (read it back from `port`).
        log_level: uvicorn's log level.
        access_log: Whether uvicorn logs every HTTP request.
        fast_http: Parse HTTP with httptools and answer @connections requests in the
            protocol (`GatewayHttpProtocol`); False serves everything through ASGI on h11
            (`GatewayH11Protocol`). Both bound the wait for request heads and their size.
    """

    def __init__(
        self,
        gateway: Gateway,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        log_level: str = "warning",
        access_log: bool = False,
        fast_http: bool = True,
    ) -> None:
        self.gateway = gateway
        self.host = host
        self._requested_port = port
        self._log_level = log_level
        self._access_log = access_log
        self._fast_http = fast_http
        self._port: int | None = None
        self._server: _UvicornServer | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    @property
    def port(self) -> int:
        """The bound port.

        Raises:
            RuntimeError: The server has not been started.
        """
        if self._port is None:
            raise RuntimeError("the server has not been started")
        return self._port

    @property
    def http_url(self) -> str:
        """The server's base URL, e.g. `http://127.0.0.1:8000`."""
        return f"http://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        """The stage's WebSocket URL, e.g. `ws://127.0.0.1:8000/dev`."""
        return f"ws://{self.host}:{self.port}/{self.gateway.config.stage}"

    @property
    def management_url(self) -> str:
        """The endpoint_url for boto3's `apigatewaymanagementapi` client."""
        return f"{self.http_url}/{self.gateway.config.stage}"

    def _bind(self) -> socket.socket:
        # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP,
        # and without it a reply written after a push waits ~40 ms for a delayed ACK (Nagle).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self._requested_port))
        except OSError:
            sock.close()
            raise
        self._port = sock.getsockname()[1]
        return sock

    def _make_server(
        self, handle_signals: bool, on_started: Callable[[], None] | None = None
    ) -> _UvicornServer:
        protocol = GatewayHttpProtocol if self._fast_http else GatewayH11Protocol
        config = uvicorn.Config(
            self.gateway.app,
            http=protocol.bound_to(HeadLimits.of(self.gateway.config)),
            ws=GatewayWebSocketProtocol,
            ws_max_size=self.gateway.config.max_message_bytes,
            lifespan="on",
            # Clients connect directly (no proxy), as to API Gateway: no forwarded headers.
            proxy_headers=False,
            log_config=None,
            log_level=self._log_level,
            access_log=self._access_log,
        )
        return _UvicornServer(config, self.gateway, handle_signals, on_started)

    def start(self, timeout: float = 10.0) -> None:
        """Start serving in a background thread; return once connections are accepted.

        Raises:
            RuntimeError: The server is already running, or failed to start.
            OSError: The address cannot be bound.
        """
        if self._thread is not None:
            raise RuntimeError("the server is already running")
        sock = self._bind()
        server = self._make_server(handle_signals=False)
        self._server, self._failure = server, None

        def run() -> None:
            try:
                asyncio.run(server.serve(sockets=[sock]))
            except BaseException as error:
                self._failure = error
            finally:
                server.startup_done.set()

        self._thread = threading.Thread(target=run, name="ourchat-gateway", daemon=True)
        self._thread.start()
        if not server.startup_done.wait(timeout) or not server.started:
            self.stop()
            raise RuntimeError("the gateway server did not start") from self._failure

    def stop(self, timeout: float | None = None) -> None:
        """Close every connection (running $disconnect), stop serving and join the thread."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        limit = (
            timeout if timeout is not None else self.gateway.config.integration_timeout_seconds + 10
        )
        thread.join(limit)
        if thread.is_alive():
            server.force_exit = True
            thread.join(5)
        self._server, self._thread = None, None

    async def serve_forever(
        self, on_started: Callable[[GatewayServer], None] | None = None
    ) -> None:
        """Serve on the current event loop until SIGINT or SIGTERM, then shut down cleanly.

        Args:
            on_started: Called once the server accepts connections (e.g. to print the URL).
        """
        sock = self._bind()
        notify = None if on_started is None else lambda: on_started(self)
        server = self._make_server(handle_signals=True, on_started=notify)
        self._server = server
        try:
            await server.serve(sockets=[sock])
        finally:
            self._server = None

    def __enter__(self) -> GatewayServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
