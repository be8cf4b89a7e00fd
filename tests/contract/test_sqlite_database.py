"""SQLite store: connection settings, thread safety, atomic writes and closing."""

from __future__ import annotations

import os
import pathlib
import sqlite3
import stat
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from ourchat.adapters.sqlite import SqliteStore
from ourchat.adapters.sqlite.database import SqliteDatabase
from ourchat.domain.errors import NotFound
from ourchat.domain.models import Message
from ourchat.domain.pagination import decode_cursor
from ourchat.domain.timestamps import format_timestamp
from tests.support.builders import (
    a_connection,
    a_group,
    a_message,
    a_thread,
    a_user,
    an_invitation,
    at,
    owner_of,
    unnumbered,
    user_id,
)


def _pragma(connection: sqlite3.Connection, name: str) -> object:
    return connection.execute(f"PRAGMA {name}").fetchone()[0]


def test_connections_use_wal_foreign_keys_busy_timeout_and_full_sync(
    tmp_path: pathlib.Path,
) -> None:
    database = SqliteDatabase(tmp_path / "chat.sqlite3")
    try:
        connection = database.connection()
        assert _pragma(connection, "journal_mode") == "wal"
        assert _pragma(connection, "foreign_keys") == 1
        assert _pragma(connection, "busy_timeout") == 5000
        assert _pragma(connection, "synchronous") == 2  # FULL
    finally:
        database.close()


def test_synchronous_level_can_be_chosen_and_is_checked(tmp_path: pathlib.Path) -> None:
    database = SqliteDatabase(tmp_path / "chat.sqlite3", synchronous="normal")
    try:
        assert _pragma(database.connection(), "synchronous") == 1
    finally:
        database.close()
    with pytest.raises(ValueError, match="synchronous must be one of"):
        SqliteDatabase(tmp_path / "other.sqlite3", synchronous="FULL; DROP TABLE users")


def _mode(path: pathlib.Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_and_its_wal_and_shared_memory_files_are_private(
    tmp_path: pathlib.Path,
) -> None:
    os.chmod(tmp_path, 0o755)
    path = tmp_path / "chat.sqlite3"
    with SqliteStore(path) as store:
        store.put_user(a_user())
        files = [path, path.with_name("chat.sqlite3-wal"), path.with_name("chat.sqlite3-shm")]
        assert {file.name: _mode(file) for file in files} == {file.name: 0o600 for file in files}


def test_a_database_left_readable_by_others_is_made_private(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "chat.sqlite3"
    SqliteDatabase(path).close()
    os.chmod(path, 0o644)
    SqliteDatabase(path).close()
    assert _mode(path) == 0o600


def test_each_thread_gets_its_own_connection(tmp_path: pathlib.Path) -> None:
    database = SqliteDatabase(tmp_path / "chat.sqlite3")
    try:
        mine = database.connection()
        with ThreadPoolExecutor(max_workers=1) as pool:
            theirs = pool.submit(database.connection).result()
        assert theirs is not mine
        assert database.connection() is mine
    finally:
        database.close()


def test_concurrent_appends_from_many_threads_are_all_stored(tmp_path: pathlib.Path) -> None:
    # Given a thread in a group
    with SqliteStore(tmp_path / "chat.sqlite3") as store:
        owner = user_id()
        group = a_group(created_at=at(0))
        store.create_group(group, owner_of(group, owner))
        thread = a_thread(group.group_id, created_at=at(0))
        store.create_thread(thread)

        # When 8 threads append 25 messages each, with retries of every send
        def send(worker: int) -> None:
            for n in range(25):
                created_at = at(1 + (worker * 25 + n) % 50)
                message = a_message(
                    thread, owner, created_at=created_at, client_message_id=f"w{worker}-{n}"
                )
                for _ in range(2):
                    store.append_message(message)

        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(send, range(8)))

        # Then every message is stored once and lastMessageAt is the latest createdAt
        stored: list[Message] = []
        before_key: str | None = None
        while True:
            page = store.list_messages(
                group.group_id, thread.thread_id, before_key=before_key, limit=100
            )
            stored += page.items
            if page.next_cursor is None:
                break
            before_key = decode_cursor(page.next_cursor)
        assert sorted(m.client_message_id or "" for m in stored) == sorted(
            f"w{worker}-{n}" for worker in range(8) for n in range(25)
        )
        assert store.get_thread(thread.thread_id) == replace(thread, last_message_at=at(50))
        assert unnumbered(store.get_group(group.group_id)) == replace(group, last_message_at=at(50))


def test_a_failed_write_stores_nothing(tmp_path: pathlib.Path) -> None:
    with SqliteStore(tmp_path / "chat.sqlite3") as store:
        group = a_group()
        store.create_group(group, owner_of(group, user_id()))
        ghost = a_thread(group.group_id)

        with pytest.raises(NotFound):
            store.create_thread(replace(ghost, group_id=a_group().group_id))
        with pytest.raises(NotFound):
            store.append_message(a_message(ghost, user_id(), created_at=at(5)))

        assert store.get_thread(ghost.thread_id) is None
        assert unnumbered(store.get_group(group.group_id)) == group


def test_close_closes_the_connections_of_every_thread(tmp_path: pathlib.Path) -> None:
    # Given a store used from this thread and from a live worker thread
    store = SqliteStore(tmp_path / "chat.sqlite3")
    user = store.put_user(a_user())
    used, closed = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def worker() -> None:
        store.get_user(user.user_id)
        used.set()
        closed.wait(timeout=10)
        try:
            store.get_user(user.user_id)
        except sqlite3.ProgrammingError as error:
            failures.append(error)

    thread = threading.Thread(target=worker)
    thread.start()
    assert used.wait(timeout=10)

    # When it is closed
    store.close()
    closed.set()
    thread.join(timeout=10)

    # Then neither thread can use it any more
    assert len(failures) == 1
    with pytest.raises(sqlite3.ProgrammingError):
        store.get_user(user.user_id)


def test_put_connection_purges_connections_long_expired(tmp_path: pathlib.Path) -> None:
    # Given a member's connection that expired three days ago, and one that expired just now
    with SqliteStore(tmp_path / "chat.sqlite3") as store:
        ada = user_id()
        group = a_group()
        store.create_group(group, owner_of(group, ada))
        system_now = int(time.time())
        long_gone = a_connection(ada, expires_at=system_now - 3 * 24 * 3600)
        just_expired = a_connection(ada, expires_at=system_now - 60)
        store.put_connection(long_gone)
        store.put_connection(just_expired)

        # When another connection is registered
        fresh = a_connection(ada, expires_at=system_now + 3600)
        store.put_connection(fresh)

        # Then the long-expired one is gone for good, while the recent one stays for callers
        # whose `now` is earlier than the system clock (as DynamoDB's lazy TTL would keep it)
        everything = store.connections_for_group(group.group_id, 0)
        assert everything == sorted(
            [just_expired, fresh], key=lambda connection: connection.connection_id
        )


def test_put_connection_sweeps_expired_invitations_and_keeps_live_ones(
    tmp_path: pathlib.Path,
) -> None:
    # Given invitations that expired a day ago (SQLite has no TTL) and live ones
    with SqliteStore(tmp_path / "chat.sqlite3") as store:
        owner = user_id()
        group = a_group()
        store.create_group(group, owner_of(group, owner))
        now = datetime.now(UTC)
        made = {
            "expired": format_timestamp(now - timedelta(days=8)),
            "live": format_timestamp(now - timedelta(days=1)),
        }
        invitees = {state: [user_id() for _ in range(2)] for state in made}
        for state, invited in invitees.items():
            for uid in invited:
                invitation = an_invitation(group.group_id, uid, created_at=made[state], days=7)
                store.put_invitation(invitation)

        # (read as of a month ago, all four are there)
        long_ago = format_timestamp(now - timedelta(days=30))
        for uid in [*invitees["expired"], *invitees["live"]]:
            assert store.get_invitation(group.group_id, uid, long_ago) is not None

        # When a connection is registered (which sweeps, as DynamoDB's TTL would)
        store.put_connection(a_connection(owner, expires_at=int(time.time()) + 3600))

        # Then the expired ones are gone even as of a month ago; the live ones stay
        for uid in invitees["expired"]:
            assert store.get_invitation(group.group_id, uid, long_ago) is None
        for uid in invitees["live"]:
            assert store.get_invitation(group.group_id, uid, long_ago) is not None
