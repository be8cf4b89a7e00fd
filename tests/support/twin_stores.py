"""The SQLite, DynamoDB and in-memory stores side by side, for tests that compare answers."""

from __future__ import annotations

import pathlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from mypy_boto3_dynamodb import DynamoDBClient

from ourchat.adapters.dynamodb.provision import create_tables
from ourchat.adapters.dynamodb.store import DynamoDbStore
from ourchat.adapters.dynamodb.tables import ALL_TABLES
from ourchat.adapters.sqlite import SqliteStore
from ourchat.domain.errors import ChatError
from ourchat.domain.models import Page
from ourchat.domain.pagination import decode_cursor
from ourchat.ports.store import Store
from tests.support.fakes import FakeStore
from tests.support.moto import moto_client

T = TypeVar("T")


@dataclass(frozen=True)
class Raised:
    """The outcome of a call that raised a chat error: only its class is compared."""

    error: str


def outcome(call: Callable[[Store], T], store: Store) -> T | Raised:
    """Return what the call returned on the store, or which chat error it raised."""
    try:
        return call(store)
    except ChatError as error:
        return Raised(type(error).__name__)


class TwinStores:
    """A fresh SQLite file, fresh DynamoDB tables on moto's server and a FakeStore, compared
    call by call.

    Args:
        endpoint: moto's server URL.
        directory: Where the SQLite file goes.
    """

    def __init__(self, endpoint: str, directory: pathlib.Path) -> None:
        run = uuid.uuid4().hex[:8]
        self.sqlite = SqliteStore(directory / f"{run}.sqlite3")
        self._client: DynamoDBClient = moto_client(endpoint)
        self._tables = {t.logical_name: f"twin{run}-{t.logical_name}" for t in ALL_TABLES}
        create_tables(self._client, self._tables)
        self.dynamodb = DynamoDbStore(self._client, self._tables)
        self.fake = FakeStore()

    def agree(self, call: Callable[[Store], T]) -> T | Raised:
        """Make the same call on every store and assert that the outcomes are equal."""
        on_sqlite = outcome(call, self.sqlite)
        on_dynamodb = outcome(call, self.dynamodb)
        on_fake = outcome(call, self.fake)
        assert on_sqlite == on_dynamodb == on_fake, (
            f"\nsqlite:   {on_sqlite!r}\ndynamodb: {on_dynamodb!r}\nfake:     {on_fake!r}"
        )
        return on_sqlite

    def agree_on_pages(self, listing: Callable[[Store, str | None], Page[T]]) -> list[T]:
        """Read a listing page by page, following cursors, comparing every page.

        Returns:
            Every item listed, in order.
        """
        before_key: str | None = None
        seen: list[T] = []
        while True:

            def read(store: Store, key: str | None = before_key) -> Page[T]:
                return listing(store, key)

            page = self.agree(read)
            assert isinstance(page, Page), page
            seen += page.items
            if page.next_cursor is None:
                break
            before_key = decode_cursor(page.next_cursor)
        assert len(set(map(repr, seen))) == len(seen), "a listing repeated an item"
        return seen

    def close(self) -> None:
        """Close the SQLite store and drop the DynamoDB tables."""
        self.sqlite.close()
        for name in self._tables.values():
            self._client.delete_table(TableName=name)
