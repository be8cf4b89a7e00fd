"""What a verified token yields, and the verifier port; free of any JWT library.

Message-route handlers import this, not `ourchat.auth.tokens`, so that only the authorizer
pays for loading the JWT and crypto libraries at cold start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class InvalidToken(Exception):
    """The token is missing, malformed, expired, or not signed by a trusted key."""


class KeysUnavailable(Exception):
    """The signing keys could not be fetched: the token is neither good nor bad yet."""


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a verified token speaks for."""

    user_id: str
    user_name: str | None


class TokenVerifier(Protocol):
    """Turns a bearer token into an identity."""

    def verify(self, token: str) -> Identity:
        """Return the identity of a valid token.

        Raises:
            InvalidToken: The token is not valid.
        """
        ...
