"""A burst of concurrent writes on the SQLite store: every one commits, none is "locked".

`make soak` found this: 1,000 clients connecting at once (two write transactions each) made
some `$connect` fail with `database is locked` once SQLite's busy handler had slept past its
timeout. Writers of one process now take turns on a lock; with the busy timeout cut to 1 ms,
this burst fails without that lock.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ourchat.adapters.sqlite import SqliteStore
from ourchat.adapters.sqlite import database as sqlite_database
from ourchat.ports.clock import system_clock
from ourchat.services.connections import register_connection
from ourchat.services.users import ensure_user

THREADS = 32
WRITES_PER_THREAD = 8


def test_concurrent_writers_all_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_database, "BUSY_TIMEOUT_MS", 1)
    with SqliteStore(tmp_path / "burst.sqlite3") as store:

        def connect_many(worker: int) -> int:
            for n in range(WRITES_PER_THREAD):
                user_id = f"burst-{worker}-{n}"
                ensure_user(store, system_clock, user_id=user_id, user_name=None)
                register_connection(
                    store, system_clock, user_id=user_id, connection_id=uuid.uuid4().hex + "="
                )
            return WRITES_PER_THREAD

        with ThreadPoolExecutor(THREADS) as pool:
            done = sum(pool.map(connect_many, range(THREADS)))

        assert done == THREADS * WRITES_PER_THREAD
        assert store.get_user(f"burst-{THREADS - 1}-{WRITES_PER_THREAD - 1}") is not None
