"""Where each server configuration keeps its data, and how the bench seeds it beforehand."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from ourchat.gateway.config import GatewayConfig
from ourchat.local.server import (
    STATIC_DIR,
    LocalOptions,
    local_settings,
    open_store,
)
from ourchat.ports.store import Store

StoreKind = Literal["sqlite", "dynamodb"]
PusherKind = Literal["http", "inprocess"]


@dataclass(frozen=True, slots=True)
class ServerSetup:
    """One configuration of the local server: store, pusher, data directory, table prefix."""

    store: StoreKind
    pusher: PusherKind
    data_dir: Path
    dynamodb_endpoint: str | None = None
    table_prefix: str = ""

    @property
    def label(self) -> str:
        """E.g. `sqlite/inprocess`."""
        return f"{self.store}/{self.pusher}"

    def options(self) -> LocalOptions:
        """The LocalOptions of this configuration, on a free port of 127.0.0.1."""
        return LocalOptions(
            data_dir=self.data_dir,
            host="127.0.0.1",
            port=0,
            store=self.store,
            dynamodb_endpoint=self.dynamodb_endpoint,
            pusher=self.pusher,
            table_prefix=self.table_prefix or "ourchat-local-",
            gateway=GatewayConfig(static_dir=STATIC_DIR),
        )


def new_setup(
    root: Path, store: StoreKind, pusher: PusherKind, dynamodb_endpoint: str | None, name: str
) -> ServerSetup:
    """Return a configuration with its own data directory (and table prefix for DynamoDB).

    Raises:
        ValueError: DynamoDB without an endpoint.
    """
    if store == "dynamodb" and dynamodb_endpoint is None:
        raise ValueError("the dynamodb store needs an endpoint")
    data_dir = root / name
    data_dir.mkdir(parents=True, exist_ok=True)
    prefix = f"bench{uuid.uuid4().hex[:8]}-" if store == "dynamodb" else ""
    return ServerSetup(store, pusher, data_dir, dynamodb_endpoint, prefix)


@contextmanager
def seeding_store(setup: ServerSetup) -> Iterator[Store]:
    """Open the configuration's store for seeding, before its server starts; close it after.

    SQLite is opened with synchronous=OFF: seeding needs no durability, and the server
    reopens the file with its own (durable) setting.
    """
    settings = replace(local_settings(setup.options(), secret=""), sqlite_synchronous="OFF")
    store = open_store(settings)
    try:
        yield store
    finally:
        store.close()
