"""SQLite store: an acknowledged write survives the writing process being killed."""

from __future__ import annotations

import pathlib
import subprocess
import sys

from ourchat.adapters.sqlite import SqliteStore

# The child acknowledges the write on stdout, then dies by SIGKILL: no close, no atexit.
_WRITER = """
import os, pathlib, signal, sys
from ourchat.adapters.sqlite import SqliteStore
from ourchat.domain.models import User
store = SqliteStore(pathlib.Path(sys.argv[1]))
store.put_user(User(sys.argv[2], "Ada", "2026-11-28T03:20:00.000Z"))
print("acknowledged", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_an_acknowledged_write_survives_a_killed_process(tmp_path: pathlib.Path) -> None:
    # Given a process that wrote a user, reported it, and was killed with the file open
    path = tmp_path / "chat.sqlite3"
    child = subprocess.run(
        [sys.executable, "-c", _WRITER, str(path), "user-killed"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.stdout.strip() == "acknowledged", child.stderr
    assert child.returncode == -9

    # When the file is opened again, the user is there
    with SqliteStore(path) as store:
        user = store.get_user("user-killed")
    assert user is not None
    assert user.user_name == "Ada"
