"""The local chat server: the route manifest's handlers behind the local gateway.

This is the local composition root: it picks the store (SQLite in the data directory, or a
DynamoDB-compatible endpoint), the pusher (the HTTP management API by default, as on AWS,
or in-process), and the token verifier (HS256 with the data directory's secret).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from ourchat.adapters.dynamodb.tables import ALL_TABLES
from ourchat.auth.tokens import issue_local_token
from ourchat.bootstrap import (
    Dependencies,
    build_dynamodb_client,
    build_gatekeeper,
    build_pusher,
    build_store,
)
from ourchat.domain.limits import MAX_CONNECTIONS_PER_USER
from ourchat.gateway.app import Gateway
from ourchat.gateway.config import GatewayConfig
from ourchat.gateway.inprocess_pusher import InProcessPusher
from ourchat.gateway.inprocess_queue import InProcessQueue
from ourchat.gateway.server import GatewayServer
from ourchat.gateway.sigv4 import AccessKey
from ourchat.handlers.function import bind_handler
from ourchat.local.data_dir import make_data_dir
from ourchat.local.health import health_route
from ourchat.local.secret import load_or_create_management_key, load_or_create_secret
from ourchat.local.signin import signin_route
from ourchat.ports.clock import system_clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.routes import AUTHORIZER_HANDLER, CONSUMERS, FANOUT, ROUTES, identity_sources
from ourchat.settings import (
    DEFAULT_HANDOFF_THRESHOLD,
    LOCAL_AUDIENCE,
    LOCAL_ISSUER,
    AuthSettings,
    Settings,
)
from ourchat.throttling import CONNECTION_LIMITS

STATIC_DIR = Path(__file__).resolve().parent.parent / "gateway" / "static"
DATABASE_FILE = "ourchat.sqlite3"
LOCAL_REGION = "us-east-1"


def stage_config(stage: str = "dev") -> GatewayConfig:
    """Return the gateway settings `ourchat serve` runs with.

    AWS's limits, the stage's message throttling applied per connection
    (`ourchat.throttling.CONNECTION_LIMITS`), and the web client.
    """
    return GatewayConfig(
        stage=stage,
        static_dir=STATIC_DIR,
        throttle_rate_per_second=CONNECTION_LIMITS.rate_per_second,
        throttle_burst=CONNECTION_LIMITS.burst,
    )


@dataclass(frozen=True, slots=True)
class LocalOptions:
    """How to run the local server."""

    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 0
    store: Literal["sqlite", "dynamodb"] = "sqlite"
    dynamodb_endpoint: str | None = None
    pusher: Literal["http", "inprocess"] = "http"
    table_prefix: str = "ourchat-local-"
    gateway: GatewayConfig = field(default_factory=stage_config)
    max_connections_per_user: int = MAX_CONNECTIONS_PER_USER
    handoff_threshold: int = DEFAULT_HANDOFF_THRESHOLD
    """Fan-outs to more live connections go through the fan-out consumer's queue."""


def is_loopback(host: str) -> bool:
    """Tell whether a bind address only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def local_settings(
    options: LocalOptions, secret: str, management_key: AccessKey | None = None
) -> Settings:
    """The settings of a local chat: its store, tokens signed with its own secret, and the
    access key its @connections API requires."""
    # A local DynamoDB-compatible server accepts any credentials; use real ones only if set.
    dummy = None if "AWS_ACCESS_KEY_ID" in os.environ else ("local", "local")
    return Settings(
        store=options.store,
        sqlite_path=str(options.data_dir / DATABASE_FILE),
        dynamodb_endpoint=options.dynamodb_endpoint,
        region=LOCAL_REGION,
        table_names={t.logical_name: options.table_prefix + t.logical_name for t in ALL_TABLES},
        auth=AuthSettings(mode="local", secret=secret),
        dynamodb_credentials=dummy,
        management_credentials=(
            (management_key.access_key_id, management_key.secret_access_key)
            if management_key
            else None
        ),
        max_connections_per_user=options.max_connections_per_user,
    )


def open_store(settings: Settings) -> Store:
    """Open the store the settings choose; its directory or DynamoDB tables are made if missing."""
    if settings.store == "sqlite" and settings.sqlite_path:
        make_data_dir(Path(settings.sqlite_path).parent)
    store = build_store(settings)
    if settings.store == "dynamodb":
        from ourchat.adapters.dynamodb.provision import create_tables

        create_tables(build_dynamodb_client(settings), settings.table_names)
    return store


class LocalChat:
    """The whole local chat: store, handlers, gateway and web client, on one port.

    Everything it serves with is its own, so several LocalChats may run in one process.
    """

    def __init__(self, options: LocalOptions) -> None:
        self.options = options
        self.secret = load_or_create_secret(options.data_dir)
        self.management_key = load_or_create_management_key(options.data_dir)
        self.settings = local_settings(options, self.secret, self.management_key)
        self.store = open_store(self.settings)
        self.dependencies = Dependencies(
            store=self.store,
            pusher=self._build_pusher,
            gatekeeper=lambda: build_gatekeeper(self.settings),
            max_connections_per_user=self.settings.max_connections_per_user,
            fanout_queue=lambda: InProcessQueue(self.gateway, FANOUT.name),
            handoff_threshold=options.handoff_threshold,
        )
        signin = [signin_route(self.token_for, lambda: self.server.ws_url)]
        self.gateway = Gateway(
            ROUTES,
            AUTHORIZER_HANDLER,
            options.gateway,
            identity_sources=identity_sources(self.settings.auth.origin_secret is not None),
            extra_routes=[
                health_route(self.store),
                *(signin if is_loopback(options.host) else []),
            ],
            bind=lambda function: bind_handler(function, self.dependencies),
            management_key=self.management_key,
            region=LOCAL_REGION,
            consumers=CONSUMERS,
        )
        self.server = GatewayServer(self.gateway, options.host, options.port)

    @property
    def http_url(self) -> str:
        """The web client's URL, e.g. http://127.0.0.1:8000."""
        return self.server.http_url

    @property
    def ws_url(self) -> str:
        """The WebSocket URL of the stage, e.g. ws://127.0.0.1:8000/dev."""
        return self.server.ws_url

    def token_for(self, user_id: str, user_name: str | None = None) -> str:
        """Return a token that this server accepts."""
        return issue_local_token(
            self.secret,
            user_id=user_id,
            user_name=user_name,
            issuer=LOCAL_ISSUER,
            audience=LOCAL_AUDIENCE,
            now=system_clock(),
        )

    def _build_pusher(self) -> Pusher:
        # Built on the first push, once the port is bound: events carry no scheme to tell
        # http from https, so the server's own URL is used.
        if self.options.pusher == "inprocess":
            return InProcessPusher(self.gateway)
        return build_pusher(replace(self.settings, management_endpoint=self.server.management_url))

    def start(self) -> None:
        """Serve in a background thread (tests, benchmarks)."""
        self.server.start()

    async def serve_forever(self) -> None:
        """Serve in the foreground until SIGINT/SIGTERM, printing the URLs once ready."""

        def ready(server: GatewayServer) -> None:
            print(f"ourchat is running on {self.options.store} in {self.options.data_dir}")
            print(f"  web client : {server.http_url}/")
            print(f"  WebSocket  : {server.ws_url}?token=...   (ourchat token USER_ID)")
            print(f"  @connections: {server.management_url}/@connections/{{connectionId}}")
            print(f"  health     : {server.http_url}/healthz")
            print("Press Ctrl-C to stop.", flush=True)

        try:
            await self.server.serve_forever(on_started=ready)
        finally:
            self.close()

    def stop(self) -> None:
        """Stop serving (running every $disconnect) and close the store."""
        self.server.stop()
        self.close()

    def close(self) -> None:
        """Release the store and the pusher."""
        self.dependencies.close()
