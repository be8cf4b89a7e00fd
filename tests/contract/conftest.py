"""Fixtures of the contract suite: every test that takes `store` runs once per adapter.

The unit tests' in-memory FakeStore runs the same scenarios, so it cannot drift from the
adapters whose behaviour it stands in for.

The `dynamodb_store` fixture (moto's server on 127.0.0.1, fresh tables per test) lives in
tests/conftest.py next to the moto server fixtures it shares with other suites.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest

from ourchat.adapters.sqlite import SqliteStore
from ourchat.ports.store import Store
from tests.support.builders import Room, make_room
from tests.support.fakes import FakeStore

STORES = ["sqlite", "dynamodb", "fake"]


@pytest.fixture
def sqlite_store(tmp_path: pathlib.Path) -> Iterator[SqliteStore]:
    """A SqliteStore on a fresh file, closed after the test."""
    with SqliteStore(tmp_path / "ourchat.sqlite3") as store:
        yield store


@pytest.fixture
def fake_store() -> FakeStore:
    """The in-memory FakeStore of the unit tests, held to the same contract."""
    return FakeStore()


@pytest.fixture(params=STORES, ids=STORES)
def store(request: pytest.FixtureRequest) -> Store:
    """Each store adapter in turn."""
    chosen: Store = request.getfixturevalue(f"{request.param}_store")
    return chosen


@pytest.fixture
def room(store: Store) -> Room:
    """A fresh group with one thread, in the store under test."""
    return make_room(store)
