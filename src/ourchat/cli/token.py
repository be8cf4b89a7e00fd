"""`ourchat token`: print a token that the local server on the same data directory accepts."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from ourchat.auth.tokens import issue_local_token
from ourchat.domain.errors import BadRequest
from ourchat.domain.limits import check_user_id
from ourchat.local.secret import load_or_create_secret
from ourchat.ports.clock import system_clock
from ourchat.settings import LOCAL_AUDIENCE, LOCAL_ISSUER


def local_token(data_dir: Path, user_id: str, user_name: str | None, hours: float = 12.0) -> str:
    """Return a token signed with the data directory's secret.

    Raises:
        BadRequest: The user id is malformed.
    """
    check_user_id(user_id)
    return issue_local_token(
        load_or_create_secret(data_dir),
        user_id=user_id,
        user_name=user_name,
        issuer=LOCAL_ISSUER,
        audience=LOCAL_AUDIENCE,
        now=system_clock(),
        lifetime=timedelta(hours=hours),
    )


def print_token(user_id: str, user_name: str | None, data_dir: Path, hours: float) -> int:
    """Print a token to stdout; returns the exit code."""
    try:
        print(local_token(data_dir, user_id, user_name, hours))
    except BadRequest as error:
        print(f"ourchat token: {error.message}", file=sys.stderr)
        return 2
    return 0
