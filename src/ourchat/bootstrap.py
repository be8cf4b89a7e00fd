"""The composition root: builds the ports from settings and hands them to the handlers.

Nothing here is process-wide. Whoever runs the handlers builds one `Dependencies` and
binds each handler to it: `ourchat serve` builds its own (several may run in one process),
and a Lambda function builds one from its environment on its first invocation (see
`ourchat.handlers.function`), which lives as long as the execution environment.
Each port is built on first use, so a function only pays for the ports its route needs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, NoReturn, TypeVar

from ourchat.auth.identity import TokenVerifier
from ourchat.domain.limits import MAX_CONNECTIONS_PER_USER
from ourchat.ports.clock import Clock, system_clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.queue import FanoutQueue
from ourchat.ports.store import Store
from ourchat.settings import DEFAULT_HANDOFF_THRESHOLD, LOCAL_AUDIENCE, LOCAL_ISSUER, Settings

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Gatekeeper:
    """What the $connect authorizer checks: the token, and the CloudFront origin secret if set."""

    verifier: TokenVerifier
    origin_secret: str | None = None


class _Lazy(Generic[T]):
    """A value built by a factory on first use, once, even when threads race for it."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        value = self._value
        if value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._factory()
                value = self._value
        return value

    @property
    def built(self) -> T | None:
        return self._value


def _missing(port: str) -> Callable[[], NoReturn]:
    def refuse() -> NoReturn:
        raise RuntimeError(f"no {port} was given to these dependencies")

    return refuse


class Dependencies:
    """The ports the handlers need, each built on first use and then kept.

    Args:
        store: The store, or a factory of it.
        pusher: The @connections pusher, or a factory of it (only routes that push need one).
        gatekeeper: The authorizer's checks, or a factory of them.
        clock: The clock the services read.
        max_connections_per_user: How many live connections one user may hold.
        fanout_queue: Where fan-outs larger than `handoff_threshold` go, or a factory of it;
            None pushes every fan-out inline.
        handoff_threshold: The largest fan-out pushed inline when there is a queue.
    """

    def __init__(
        self,
        *,
        store: Store | Callable[[], Store] | None = None,
        pusher: Pusher | Callable[[], Pusher] | None = None,
        gatekeeper: Gatekeeper | Callable[[], Gatekeeper] | None = None,
        clock: Clock = system_clock,
        max_connections_per_user: int = MAX_CONNECTIONS_PER_USER,
        fanout_queue: FanoutQueue | Callable[[], FanoutQueue] | None = None,
        handoff_threshold: int = DEFAULT_HANDOFF_THRESHOLD,
    ) -> None:
        self._store: _Lazy[Store] = _Lazy(_factory(store, "store"))
        self._direct: _Lazy[Pusher] = _Lazy(_factory(pusher, "pusher"))
        self._gatekeeper: _Lazy[Gatekeeper] = _Lazy(_factory(gatekeeper, "gatekeeper"))
        self.clock = clock
        self.max_connections_per_user = max_connections_per_user
        queue = None if fanout_queue is None else _Lazy(_factory(fanout_queue, "fanout queue"))

        def publishing() -> Pusher:
            if queue is None:
                return self._direct.get()
            from ourchat.services.handoff import HandoffPusher

            return HandoffPusher(self._direct.get(), queue.get(), handoff_threshold)

        self._pusher: _Lazy[Pusher] = _Lazy(publishing)

    @property
    def store(self) -> Store:
        """The store."""
        return self._store.get()

    @property
    def pusher(self) -> Pusher:
        """What publishers push through: inline, or large fan-outs to the fan-out queue."""
        return self._pusher.get()

    @property
    def direct_pusher(self) -> Pusher:
        """The @connections pusher itself, always inline (what the fan-out consumer uses)."""
        return self._direct.get()

    @property
    def gatekeeper(self) -> Gatekeeper:
        """The $connect authorizer's checks."""
        return self._gatekeeper.get()

    def close(self) -> None:
        """Close the store and the pusher, if they were built."""
        store = self._store.built
        if store is not None:
            store.close()
        pusher = self._direct.built
        if pusher is not None:
            pusher.close()

    @classmethod
    def from_settings(cls, settings: Settings) -> Dependencies:
        """Dependencies built from settings, each port on first use."""
        return cls(
            store=lambda: build_store(settings),
            pusher=lambda: build_pusher(settings),
            gatekeeper=lambda: build_gatekeeper(settings),
            max_connections_per_user=settings.max_connections_per_user,
            fanout_queue=(lambda: build_fanout_queue(settings))
            if settings.fanout_queue_url
            else None,
            handoff_threshold=settings.handoff_threshold,
        )


def _factory(value: T | Callable[[], T] | None, port: str) -> Callable[[], T]:
    if value is None:
        return _missing(port)
    if callable(value):  # no port object is callable: a callable is a factory
        return value
    built = value
    return lambda: built


def build_store(settings: Settings) -> Store:
    """Build the store adapter that the settings choose (the one place that does).

    Raises:
        ValueError: sqlite was chosen without a database path.
    """
    if settings.store == "sqlite":
        from ourchat.adapters.sqlite.store import SqliteStore

        if not settings.sqlite_path:
            raise ValueError("OURCHAT_SQLITE_PATH must be set when OURCHAT_STORE is sqlite")
        return SqliteStore(Path(settings.sqlite_path), synchronous=settings.sqlite_synchronous)
    from ourchat.adapters.dynamodb.store import DynamoDbStore

    return DynamoDbStore(build_dynamodb_client(settings), settings.table_names)


def build_dynamodb_client(settings: Settings) -> DynamoDBClient:
    """Build the DynamoDB client the settings describe (endpoint, Region, credentials)."""
    from ourchat.adapters.dynamodb.client import make_dynamodb_client

    key_id, secret = settings.dynamodb_credentials or (None, None)
    return make_dynamodb_client(
        settings.dynamodb_endpoint,
        settings.region,
        access_key_id=key_id,
        secret_access_key=secret,
    )


def build_pusher(settings: Settings) -> Pusher:
    """Build the @connections pusher (signed, pooled HTTP POSTs) that the settings name.

    Raises:
        ValueError: No management endpoint is set.
    """
    if not settings.management_endpoint:
        raise ValueError("OURCHAT_MANAGEMENT_ENDPOINT must be set for a route that pushes")
    from ourchat.adapters.apigateway.connections_pusher import (
        ConnectionsPusher,
        static_credentials,
    )
    from ourchat.adapters.apigateway.emf import EmfWriter

    explicit = settings.management_credentials
    return ConnectionsPusher(
        settings.management_endpoint,
        settings.region,
        credentials=static_credentials(*explicit) if explicit else None,
        metrics=EmfWriter(),
    )


def build_fanout_queue(settings: Settings) -> FanoutQueue:
    """Build the SQS fan-out queue the settings name.

    Raises:
        ValueError: No queue URL is set.
    """
    if not settings.fanout_queue_url:
        raise ValueError("OURCHAT_FANOUT_QUEUE_URL is not set")
    from ourchat.adapters.sqs.queue import SqsFanoutQueue, make_sqs_client

    return SqsFanoutQueue(make_sqs_client(settings.region), settings.fanout_queue_url)


def build_gatekeeper(settings: Settings) -> Gatekeeper:
    """Build the token verifier that the settings choose, with the origin secret.

    Raises:
        ValueError: Local mode without a secret, or cognito mode without issuer and audience.
    """
    from ourchat.auth.tokens import JwksTokenVerifier, LocalTokenVerifier

    auth = settings.auth
    verifier: TokenVerifier
    if auth.mode == "cognito":
        if auth.issuer == LOCAL_ISSUER or auth.audience == LOCAL_AUDIENCE:
            raise ValueError(
                "cognito auth needs OURCHAT_JWT_ISSUER (the user pool's issuer URL) and"
                " OURCHAT_JWT_AUDIENCE (the app client id)"
            )
        verifier = JwksTokenVerifier(auth.resolved_jwks_url, auth.issuer, auth.audience)
    elif auth.secret:
        verifier = LocalTokenVerifier(auth.secret, auth.issuer, auth.audience)
    else:
        raise ValueError("OURCHAT_JWT_SECRET must be set in local auth mode")
    return Gatekeeper(verifier, auth.origin_secret)
