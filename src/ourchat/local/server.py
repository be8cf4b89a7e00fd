"""The local chat server: the route manifest's handlers behind the local gateway.

This is the local composition root: it picks the store (SQLite in the data directory, or a
DynamoDB-compatible endpoint), the pusher (the HTTP management API by default, as on AWS,
or in-process), and the token verifier (HS256 with the data directory's secret).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ourchat import composition
from ourchat.adapters.apigateway.pusher import ManagementApiPusher, make_management_client
from ourchat.auth.tokens import LocalTokenVerifier, issue_local_token
from ourchat.gateway.app import Gateway
from ourchat.gateway.config import GatewayConfig
from ourchat.gateway.inprocess_pusher import InProcessPusher
from ourchat.gateway.server import GatewayServer
from ourchat.local.secret import load_or_create_secret
from ourchat.local.signin import signin_route
from ourchat.ports.clock import system_clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.routes import AUTHORIZER_HANDLER, IDENTITY_SOURCE, ROUTES
from ourchat.settings import LOCAL_AUDIENCE, LOCAL_ISSUER
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


def is_loopback(host: str) -> bool:
    """Tell whether a bind address only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def open_store(options: LocalOptions) -> Store:
    """Open the store the options choose; DynamoDB tables are created if missing."""
    if options.store == "sqlite":
        from ourchat.adapters.sqlite.store import SqliteStore

        options.data_dir.mkdir(parents=True, exist_ok=True)
        return SqliteStore(options.data_dir / DATABASE_FILE)
    from ourchat.adapters.dynamodb.client import make_dynamodb_client
    from ourchat.adapters.dynamodb.provision import create_tables
    from ourchat.adapters.dynamodb.store import DynamoDbStore
    from ourchat.adapters.dynamodb.tables import ALL_TABLES

    # A local DynamoDB-compatible server accepts any credentials; use real ones only if set.
    dummy = None if "AWS_ACCESS_KEY_ID" in os.environ else "local"
    client = make_dynamodb_client(
        options.dynamodb_endpoint, LOCAL_REGION, access_key_id=dummy, secret_access_key=dummy
    )
    names = {table.logical_name: options.table_prefix + table.logical_name for table in ALL_TABLES}
    create_tables(client, names)
    return DynamoDbStore(client, names)


class LocalChat:
    """The whole local chat: store, handlers, gateway and web client, on one port.

    The handlers find their ports through `ourchat.composition`, which is process-wide: run
    one LocalChat per process at a time.
    """

    def __init__(self, options: LocalOptions) -> None:
        self.options = options
        self.secret = load_or_create_secret(options.data_dir)
        self.store = open_store(options)
        extra = [signin_route(self.token_for, lambda: self.server.ws_url)]
        self.gateway = Gateway(
            ROUTES,
            AUTHORIZER_HANDLER,
            options.gateway,
            identity_sources=(IDENTITY_SOURCE,),
            extra_routes=extra if is_loopback(options.host) else [],
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

    def install(self) -> None:
        """Hand the store, pusher and verifier to the handlers, before any connection can come."""
        verifier = LocalTokenVerifier(self.secret, LOCAL_ISSUER, LOCAL_AUDIENCE)
        deps = composition.Dependencies(self.store, self._pusher_factory())
        composition.install(deps, composition.Gatekeeper(verifier))

    def _pusher_factory(self) -> composition.PusherFactory:
        if self.options.pusher == "inprocess":
            pusher = InProcessPusher(self.gateway)
            return lambda _endpoint: pusher

        def management_api(_endpoint: str) -> Pusher:
            # Built on the first push, once the port is bound: the events' domainName has no
            # scheme to tell http from https, so the server's own URL is used. The local
            # gateway does not check SigV4 signatures, so any credentials do.
            client = make_management_client(
                self.server.management_url,
                LOCAL_REGION,
                access_key_id="local",
                secret_access_key="local",  # noqa: S106
            )
            return ManagementApiPusher(client)

        return management_api

    def start(self) -> None:
        """Serve in a background thread (tests, benchmarks)."""
        self.install()
        self.server.start()

    async def serve_forever(self) -> None:
        """Serve in the foreground until SIGINT/SIGTERM, printing the URLs once ready."""

        def ready(server: GatewayServer) -> None:
            print(f"ourchat is running on {self.options.store} in {self.options.data_dir}")
            print(f"  web client : {server.http_url}/")
            print(f"  WebSocket  : {server.ws_url}?token=...   (ourchat token USER_ID)")
            print(f"  @connections: {server.management_url}/@connections/{{connectionId}}")
            print("Press Ctrl-C to stop.", flush=True)

        self.install()
        try:
            await self.server.serve_forever(on_started=ready)
        finally:
            self.close()

    def stop(self) -> None:
        """Stop serving (running every $disconnect) and close the store."""
        self.server.stop()
        self.close()

    def close(self) -> None:
        """Release the store and the handlers' dependencies."""
        composition.install(None, None)
        close = getattr(self.store, "close", None)
        if callable(close):
            close()
