"""The local data directory: private to the user who runs the server.

It holds the chat's database and the token-signing secret, so nobody else on the machine
may list or read it. Files in it are created with mode 0600 by whoever writes them (the
secret's writer, the SQLite store).
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR_MODE = 0o700


def make_data_dir(path: Path) -> Path:
    """Create the data directory with mode 0700 if it is missing, and return it.

    An existing directory keeps its mode: it may be one the user chose on purpose (a
    `--data-dir` shared with other tools); the files in it are private either way.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.mkdir(mode=DATA_DIR_MODE, exist_ok=True)
    return path
