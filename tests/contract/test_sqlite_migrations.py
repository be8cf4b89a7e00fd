"""SQLite store: versioned schema migrations recorded in PRAGMA user_version."""

from __future__ import annotations

import pathlib
import sqlite3

import pytest

from ourchat.adapters.sqlite import SchemaTooNewError, SqliteStore, migrations
from tests.support.builders import a_user


def _user_version(path: pathlib.Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])


def _tables(path: pathlib.Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {row[0] for row in rows}


def test_a_new_file_gets_the_latest_schema(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "new.sqlite3"

    SqliteStore(path).close()

    assert _user_version(path) == migrations.LATEST_VERSION
    assert {"users", "groups", "threads", "messages", "memberships", "connections"} <= _tables(path)


def test_reopening_applies_nothing_and_keeps_the_data(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "chat.sqlite3"
    user = a_user()
    with SqliteStore(path) as store:
        store.put_user(user)

    with SqliteStore(path) as store:
        assert store.get_user(user.user_id) == user
    assert _user_version(path) == migrations.LATEST_VERSION


def test_only_newer_steps_are_applied(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a file at the current version, with data
    path = tmp_path / "chat.sqlite3"
    user = a_user()
    with SqliteStore(path) as store:
        store.put_user(user)

    # When the code gains a step (re-running step 1 would fail: its tables exist)
    step = ("CREATE TABLE bookmarks (message_id TEXT NOT NULL, user_id TEXT NOT NULL) STRICT",)
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, step))
    monkeypatch.setattr(migrations, "LATEST_VERSION", len(migrations.MIGRATIONS))
    with SqliteStore(path) as store:
        # Then the new step is applied, and the data is kept
        assert store.get_user(user.user_id) == user

    assert _user_version(path) == migrations.LATEST_VERSION
    assert "bookmarks" in _tables(path)


def test_a_failing_step_leaves_the_file_as_it_was(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "chat.sqlite3"
    SqliteStore(path).close()
    before = _user_version(path)
    step = ("CREATE TABLE half_done (x TEXT) STRICT", "CREATE TABLE broken (")
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, step))
    monkeypatch.setattr(migrations, "LATEST_VERSION", len(migrations.MIGRATIONS))

    with pytest.raises(sqlite3.OperationalError):
        SqliteStore(path)

    assert _user_version(path) == before
    assert "half_done" not in _tables(path)


def test_a_file_from_a_newer_version_is_refused(tmp_path: pathlib.Path) -> None:
    # Given a file written by a newer ourchat
    path = tmp_path / "chat.sqlite3"
    SqliteStore(path).close()
    newer = migrations.LATEST_VERSION + 1
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {newer}")

    # When this code opens it, it refuses with the versions in the message
    with pytest.raises(SchemaTooNewError, match=f"schema version {newer}"):
        SqliteStore(path)

    # And leaves the file alone
    assert _user_version(path) == newer
