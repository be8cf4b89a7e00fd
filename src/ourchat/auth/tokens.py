"""JSON Web Token verification: HS256 with a local secret, RS256 against a Cognito JWKS.

Each verifier accepts exactly one algorithm, so `alg: none` and HS/RS confusion (an RS256
public key used as an HS256 secret) are refused by construction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import jwt

from ourchat.auth.identity import Identity, InvalidToken, KeysUnavailable
from ourchat.domain.limits import MAX_NAME_CHARS

CLOCK_SKEW_SECONDS = 5
REQUIRED_CLAIMS = ["exp", "iat", "sub", "iss", "aud"]

__all__ = [
    "Identity",
    "InvalidToken",
    "JwksTokenVerifier",
    "KeysUnavailable",
    "LocalTokenVerifier",
    "issue_local_token",
]


def _identity(claims: dict[str, Any]) -> Identity:
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise InvalidToken("token has no subject")
    name = claims.get("name") or claims.get("cognito:username") or claims.get("preferred_username")
    return Identity(subject, name[:MAX_NAME_CHARS] if isinstance(name, str) else None)


def _decode(token: str, key: Any, algorithm: str, issuer: str, audience: str) -> dict[str, Any]:
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            issuer=issuer,
            audience=audience,
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": REQUIRED_CLAIMS, "verify_iat": True},
        )
    except jwt.PyJWTError as error:
        raise InvalidToken(type(error).__name__) from None
    return claims


class LocalTokenVerifier:
    """Verifies HS256 tokens signed with the local server's secret."""

    def __init__(self, secret: str, issuer: str, audience: str) -> None:
        self._secret = secret
        self._issuer = issuer
        self._audience = audience

    def verify(self, token: str) -> Identity:
        """Return the identity of a valid HS256 token; see `TokenVerifier.verify`."""
        return _identity(_decode(token, self._secret, "HS256", self._issuer, self._audience))


class JwksTokenVerifier:
    """Verifies RS256 ID tokens of a Cognito user pool, with keys fetched from its JWKS.

    Keys are cached across invocations (one fetch per cold start and per new key id).
    """

    def __init__(self, jwks_url: str, issuer: str, audience: str, timeout: float = 3.0) -> None:
        self._keys = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=3600, timeout=int(timeout))
        self._issuer = issuer
        self._audience = audience

    def verify(self, token: str) -> Identity:
        """Return the identity of a valid RS256 ID token; see `TokenVerifier.verify`.

        Raises:
            InvalidToken: The token is not valid.
            KeysUnavailable: The JWKS endpoint did not answer; the authorizer fails (500)
                rather than call a possibly good token bad.
        """
        try:
            key = self._keys.get_signing_key_from_jwt(token).key
        except jwt.PyJWKClientConnectionError as error:
            raise KeysUnavailable(f"the JWKS could not be fetched: {error}") from None
        except jwt.PyJWTError as error:
            raise InvalidToken(type(error).__name__) from None
        claims = _decode(token, key, "RS256", self._issuer, self._audience)
        if claims.get("token_use", "id") != "id":
            raise InvalidToken("not an ID token")
        return _identity(claims)


def issue_local_token(
    secret: str,
    *,
    user_id: str,
    user_name: str | None,
    issuer: str,
    audience: str,
    now: datetime,
    lifetime: timedelta = timedelta(hours=12),
) -> str:
    """Sign an HS256 token that `LocalTokenVerifier` with the same secret accepts."""
    claims: dict[str, Any] = {
        "sub": user_id,
        "iss": issuer,
        "aud": audience,
        "iat": int(now.timestamp()),
        "nbf": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
    }
    if user_name:
        claims["name"] = user_name
    return jwt.encode(claims, secret, algorithm="HS256")
