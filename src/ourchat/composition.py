"""The composition root: reads settings, picks adapters, and hands them to the handlers.

Handlers call `dependencies()` and `token_verifier()`; in Lambda these are built from the
environment on first use and kept for the life of the execution environment. The local
server builds its own and installs them with `install()`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ourchat.auth.identity import TokenVerifier
from ourchat.ports.clock import Clock, system_clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.settings import Settings

PusherFactory = Callable[[str], Pusher]
"""Builds a pusher for a management API endpoint URL."""


@dataclass
class Dependencies:
    """The ports a handler needs, already built."""

    store: Store
    pusher_factory: PusherFactory
    management_endpoint: str | None = None
    clock: Clock = system_clock
    _pushers: dict[str, Pusher] = field(default_factory=dict)
    _pushers_lock: threading.Lock = field(default_factory=threading.Lock)

    def pusher_for(self, request_context: Mapping[str, Any]) -> Pusher:
        """Return the pusher for the API that sent this event (one per endpoint, reused)."""
        endpoint = self.management_endpoint or (
            f"https://{request_context['domainName']}/{request_context['stage']}"
        )
        with self._pushers_lock:
            pusher = self._pushers.get(endpoint)
            if pusher is None:
                pusher = self._pushers[endpoint] = self.pusher_factory(endpoint)
        return pusher


@dataclass(frozen=True, slots=True)
class Gatekeeper:
    """What the $connect authorizer checks: the token, and the CloudFront origin secret if set."""

    verifier: TokenVerifier
    origin_secret: str | None = None


@dataclass
class _Installed:
    """What this process uses; one per execution environment, reused across invocations."""

    dependencies: Dependencies | None = None
    gatekeeper: Gatekeeper | None = None


_lock = threading.Lock()
_installed = _Installed()


def install(dependencies: Dependencies | None, gatekeeper: Gatekeeper | None = None) -> None:
    """Install prebuilt dependencies (local server, tests); None resets to the environment's."""
    with _lock:
        _installed.dependencies, _installed.gatekeeper = dependencies, gatekeeper


def dependencies() -> Dependencies:
    """Return the installed dependencies, building them from the environment on first use."""
    with _lock:
        if _installed.dependencies is None:
            _installed.dependencies = build_dependencies(Settings.from_env(os.environ))
        return _installed.dependencies


def gatekeeper() -> Gatekeeper:
    """Return the installed gatekeeper, building it from the environment on first use."""
    with _lock:
        if _installed.gatekeeper is None:
            _installed.gatekeeper = build_gatekeeper(Settings.from_env(os.environ))
        return _installed.gatekeeper


def build_dependencies(settings: Settings) -> Dependencies:
    """Build the store and the pusher factory that the settings choose.

    Raises:
        ValueError: The settings are incomplete (e.g. sqlite without a path).
    """
    from ourchat.adapters.apigateway.pusher import ManagementApiPusher, make_management_client

    def management_pusher(endpoint: str) -> Pusher:
        return ManagementApiPusher(make_management_client(endpoint, settings.region))

    return Dependencies(build_store(settings), management_pusher, settings.management_endpoint)


def build_store(settings: Settings) -> Store:
    """Build the store adapter that the settings choose.

    Raises:
        ValueError: sqlite was chosen without a database path.
    """
    if settings.store == "sqlite":
        from pathlib import Path

        from ourchat.adapters.sqlite.store import SqliteStore

        if not settings.sqlite_path:
            raise ValueError("OURCHAT_SQLITE_PATH must be set when OURCHAT_STORE is sqlite")
        return SqliteStore(Path(settings.sqlite_path))
    from ourchat.adapters.dynamodb.client import make_dynamodb_client
    from ourchat.adapters.dynamodb.store import DynamoDbStore

    client = make_dynamodb_client(settings.dynamodb_endpoint, settings.region)
    return DynamoDbStore(client, settings.table_names)


def build_gatekeeper(settings: Settings) -> Gatekeeper:
    """Build the token verifier that the settings choose, with the origin secret.

    Raises:
        ValueError: Local mode without a secret.
    """
    from ourchat.auth.tokens import JwksTokenVerifier, LocalTokenVerifier

    auth = settings.auth
    verifier: TokenVerifier
    if auth.mode == "cognito":
        verifier = JwksTokenVerifier(auth.resolved_jwks_url, auth.issuer, auth.audience)
    elif auth.secret:
        verifier = LocalTokenVerifier(auth.secret, auth.issuer, auth.audience)
    else:
        raise ValueError("OURCHAT_JWT_SECRET must be set in local auth mode")
    return Gatekeeper(verifier, auth.origin_secret)
