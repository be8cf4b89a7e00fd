"""The local server's secrets, kept in the data directory with file mode 0600.

The token-signing secret (`jwt-secret`) and the access key that signs @connections requests
(`management-key.json`, the stand-in for the functions' IAM credentials).
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from ourchat.gateway.sigv4 import AccessKey
from ourchat.local.data_dir import make_data_dir

SECRET_FILE = "jwt-secret"  # noqa: S105 - a file name, not a secret
MANAGEMENT_KEY_FILE = "management-key.json"


def load_or_create_private(data_dir: Path, name: str, make: Callable[[], str]) -> str:
    """Return the text of a private file of the data directory, creating it on first use.

    The text is written to a private temporary file and hard-linked into place, so two
    processes starting at once agree on one complete file and no other user can read it.

    Args:
        name: The file's name in `data_dir`.
        make: Returns the text of a new file.

    Raises:
        PermissionError: The file is readable or writable by other users.
    """
    path = make_data_dir(data_dir) / name
    if not path.exists():
        fd, temporary = tempfile.mkstemp(dir=data_dir, prefix=".secret-")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="ascii") as file:
                file.write(make())
                file.flush()
                os.fsync(file.fileno())
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process won the race; its file stands
        finally:
            os.unlink(temporary)
    if path.stat().st_mode & 0o077:
        raise PermissionError(f"{path} must be private: chmod 600 {path}")
    return path.read_text(encoding="ascii").strip()


def load_or_create_secret(data_dir: Path) -> str:
    """Return the data directory's token-signing secret, creating it on first use.

    Raises:
        PermissionError: The secret file is readable or writable by other users.
    """
    return load_or_create_private(data_dir, SECRET_FILE, lambda: secrets.token_urlsafe(48))


def load_or_create_management_key(data_dir: Path) -> AccessKey:
    """Return the data directory's @connections access key, creating it on first use.

    Raises:
        PermissionError: The key file is readable or writable by other users.
    """

    def make() -> str:
        key = AccessKey.generate()
        return json.dumps(
            {"accessKeyId": key.access_key_id, "secretAccessKey": key.secret_access_key}
        )

    fields = json.loads(load_or_create_private(data_dir, MANAGEMENT_KEY_FILE, make))
    return AccessKey(fields["accessKeyId"], fields["secretAccessKey"])
