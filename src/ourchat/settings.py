"""Runtime settings, read from the environment in one place (the composition root uses them).

| variable                      | meaning                                                        |
|-------------------------------|----------------------------------------------------------------|
| OURCHAT_STORE                 | `dynamodb` (default) or `sqlite`                               |
| OURCHAT_SQLITE_PATH           | the SQLite database file (sqlite store)                        |
| OURCHAT_DYNAMODB_ENDPOINT     | a DynamoDB-compatible endpoint URL (default: AWS)              |
| OURCHAT_TABLE_<NAME>          | physical table names, e.g. OURCHAT_TABLE_MESSAGE               |
| OURCHAT_MANAGEMENT_ENDPOINT   | the @connections endpoint (routes that push need it)           |
| OURCHAT_FANOUT_QUEUE_URL      | the SQS FIFO queue large fan-outs go to (none: always inline)  |
| OURCHAT_HANDOFF_THRESHOLD     | live recipients above which a fan-out is queued (default 100)  |
| OURCHAT_AUTH_MODE             | `local` (HS256 shared secret) or `cognito` (RS256 via JWKS)    |
| OURCHAT_JWT_SECRET            | the HS256 secret (local mode)                                  |
| OURCHAT_JWT_ISSUER            | the expected `iss` claim                                       |
| OURCHAT_JWT_AUDIENCE          | the expected `aud` claim (the Cognito app client id)           |
| OURCHAT_JWKS_URL              | the JWKS URL (cognito mode; default from the issuer)           |
| OURCHAT_ORIGIN_SECRET         | if set, $connect requires header x-origin-verify to equal it   |
| OURCHAT_LOG_LEVEL             | DEBUG, INFO (default), WARNING or ERROR                        |
| OURCHAT_MAX_CONNECTIONS_PER_USER | live connections one user may hold (default 10)             |
| AWS_REGION                    | the AWS region (set by Lambda)                                 |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from ourchat.adapters.dynamodb.tables import table_names_from_env
from ourchat.domain.limits import MAX_CONNECTIONS_PER_USER

LOCAL_ISSUER = "ourchat-local"
LOCAL_AUDIENCE = "ourchat"

DEFAULT_HANDOFF_THRESHOLD = 100
"""Live recipients above which a fan-out is queued; docs/performance.md has the measurement."""

StoreKind = Literal["dynamodb", "sqlite"]
AuthMode = Literal["local", "cognito"]
_STORES: dict[str, StoreKind] = {"dynamodb": "dynamodb", "sqlite": "sqlite"}
_AUTH_MODES: dict[str, AuthMode] = {"local": "local", "cognito": "cognito"}


@dataclass(frozen=True, slots=True)
class AuthSettings:
    """How the $connect authorizer verifies tokens."""

    mode: AuthMode = "local"
    secret: str | None = None
    issuer: str = LOCAL_ISSUER
    audience: str = LOCAL_AUDIENCE
    jwks_url: str | None = None
    origin_secret: str | None = None

    @property
    def resolved_jwks_url(self) -> str:
        """The JWKS URL: explicit, or the issuer's well-known location (as Cognito publishes)."""
        return self.jwks_url or f"{self.issuer.rstrip('/')}/.well-known/jwks.json"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the composition root needs to pick and build adapters."""

    store: StoreKind = "dynamodb"
    sqlite_path: str | None = None
    dynamodb_endpoint: str | None = None
    region: str = "us-east-1"
    table_names: Mapping[str, str] = field(default_factory=dict)
    management_endpoint: str | None = None
    auth: AuthSettings = field(default_factory=AuthSettings)
    sqlite_synchronous: str = "FULL"
    """SQLite's synchronous level: FULL keeps every acknowledged write through a power loss."""
    dynamodb_credentials: tuple[str, str] | None = None
    """Explicit (key id, secret) for a local DynamoDB-compatible server; None: boto3's chain."""
    max_connections_per_user: int = MAX_CONNECTIONS_PER_USER
    """How many live connections one user may hold; $connect refuses the next with 429."""
    management_credentials: tuple[str, str] | None = None
    """Explicit (access key id, secret) for the @connections API; None: boto3's chain."""
    fanout_queue_url: str | None = None
    """The SQS FIFO queue of the fan-out consumer; None pushes every fan-out inline."""
    handoff_threshold: int = DEFAULT_HANDOFF_THRESHOLD
    """Fan-outs to more live connections than this are queued (when there is a queue)."""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Read settings from an environment mapping such as os.environ.

        Raises:
            ValueError: A variable has a value outside its allowed set.
        """
        store_name = env.get("OURCHAT_STORE", "dynamodb")
        store = _STORES.get(store_name)
        if store is None:
            raise ValueError(f"OURCHAT_STORE must be dynamodb or sqlite, not {store_name!r}")
        mode_name = env.get("OURCHAT_AUTH_MODE", "cognito" if store == "dynamodb" else "local")
        mode = _AUTH_MODES.get(mode_name)
        if mode is None:
            raise ValueError(f"OURCHAT_AUTH_MODE must be local or cognito, not {mode_name!r}")
        # Whether cognito mode has its issuer and audience is checked where the verifier is
        # built (only the authorizer builds one): other functions have no token settings.
        auth = AuthSettings(
            mode=mode,
            secret=env.get("OURCHAT_JWT_SECRET") or None,
            issuer=env.get("OURCHAT_JWT_ISSUER", LOCAL_ISSUER),
            audience=env.get("OURCHAT_JWT_AUDIENCE", LOCAL_AUDIENCE),
            jwks_url=env.get("OURCHAT_JWKS_URL") or None,
            origin_secret=env.get("OURCHAT_ORIGIN_SECRET") or None,
        )
        return cls(
            store=store,
            sqlite_path=env.get("OURCHAT_SQLITE_PATH") or None,
            dynamodb_endpoint=env.get("OURCHAT_DYNAMODB_ENDPOINT") or None,
            region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
            table_names=table_names_from_env(env),
            management_endpoint=env.get("OURCHAT_MANAGEMENT_ENDPOINT") or None,
            max_connections_per_user=_positive_int(
                env, "OURCHAT_MAX_CONNECTIONS_PER_USER", MAX_CONNECTIONS_PER_USER
            ),
            auth=auth,
            fanout_queue_url=env.get("OURCHAT_FANOUT_QUEUE_URL") or None,
            handoff_threshold=_threshold(env.get("OURCHAT_HANDOFF_THRESHOLD")),
        )


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    """Read a positive integer variable.

    Raises:
        ValueError: It is set to something else.
    """
    text = env.get(name)
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{name} must be a positive integer, not {text!r}")
    return int(text)


def _threshold(text: str | None) -> int:
    """OURCHAT_HANDOFF_THRESHOLD as a number of connections.

    Raises:
        ValueError: It is not a whole number of at least 0.
    """
    if not text:
        return DEFAULT_HANDOFF_THRESHOLD
    if not text.strip().isdigit():
        raise ValueError(f"OURCHAT_HANDOFF_THRESHOLD must be a whole number, not {text!r}")
    return int(text)
