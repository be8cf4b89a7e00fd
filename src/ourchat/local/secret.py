"""The local token-signing secret, kept in the data directory with file mode 0600."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from ourchat.local.data_dir import make_data_dir

SECRET_FILE = "jwt-secret"  # noqa: S105 - a file name, not a secret


def load_or_create_secret(data_dir: Path) -> str:
    """Return the data directory's signing secret, creating it on first use.

    The secret is written to a private temporary file and hard-linked into place, so two
    processes starting at once agree on one complete secret and no other user can read it.

    Raises:
        PermissionError: The secret file is readable or writable by other users.
    """
    path = make_data_dir(data_dir) / SECRET_FILE
    if not path.exists():
        fd, temporary = tempfile.mkstemp(dir=data_dir, prefix=".secret-")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="ascii") as file:
                file.write(secrets.token_urlsafe(48))
                file.flush()
                os.fsync(file.fileno())
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process won the race; its secret stands
        finally:
            os.unlink(temporary)
    if path.stat().st_mode & 0o077:
        raise PermissionError(f"{path} must be private: chmod 600 {path}")
    return path.read_text(encoding="ascii").strip()
