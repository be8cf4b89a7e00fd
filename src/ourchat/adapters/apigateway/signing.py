"""SigV4 for @connections requests: botocore's signer, once per fan-out instead of per POST.

Every POST of a fan-out carries the same body, headers and timestamp; only the path (the
connection id) differs. botocore's `SigV4Auth` canonicalizes the shared part once per
fan-out (headers, credential scope, payload hash); each recipient then costs its canonical
path, one SHA-256 and one HMAC. The signing key is derived once per day, Region and
service, as SigV4 allows, instead of four HMACs per request.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast
from urllib.parse import quote

from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import ReadOnlyCredentials

SERVICE = "execute-api"
ALGORITHM = "AWS4-HMAC-SHA256"
CONTENT_TYPE = "application/json"


def _botocore(auth: SigV4Auth) -> Any:
    """The signer with the helpers its stubs leave out (canonical path, key derivation)."""
    return cast(Any, auth)


def connection_path(base_path: str, connection_id: str) -> str:
    """The request path of one connection, its id percent-encoded as boto3 encodes it."""
    return f"{base_path}/@connections/{quote(connection_id, safe='')}"


@dataclass(frozen=True, slots=True)
class SignedFanout:
    """What every request of one fan-out shares; `head` adds what differs per connection."""

    method: str
    auth: SigV4Auth
    key: bytes
    amz_date: str
    scope: str
    access_key: str
    canonical_headers: str
    signed_headers: str
    payload_hash: str
    header_lines: bytes

    def head(self, path: str) -> bytes:
        """Return the HTTP/1.1 request head (request line and headers) of a request to `path`."""
        canonical = "\n".join(
            (
                self.method,
                _botocore(self.auth)._normalize_url_path(path),
                "",
                self.canonical_headers + "\n",
                self.signed_headers,
                self.payload_hash,
            )
        )
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        to_sign = f"{ALGORITHM}\n{self.amz_date}\n{self.scope}\n{digest}"
        # hmac.digest: the one-shot C path, several times cheaper than an HMAC object.
        signature = hmac.digest(self.key, to_sign.encode("utf-8"), "sha256").hex()
        authorization = (
            f"{ALGORITHM} Credential={self.access_key}/{self.scope}, "
            f"SignedHeaders={self.signed_headers}, Signature={signature}"
        )
        return (
            f"{self.method} {path} HTTP/1.1\r\nAuthorization: {authorization}\r\n".encode("latin-1")
            + self.header_lines
        )


class ConnectionsSigner:
    """Signs the POSTs of fan-outs to one @connections endpoint.

    Args:
        url: The endpoint, e.g. `https://abc.execute-api.us-east-1.amazonaws.com/prod`.
        region: The API's Region.
        service: The signing name of the management API.
    """

    def __init__(self, url: str, region: str, service: str = SERVICE) -> None:
        self._url = url.rstrip("/")
        self._region = region
        self._service = service
        self._key_for: tuple[str, str] | None = None
        self._key = b""

    def sign(
        self,
        credentials: ReadOnlyCredentials,
        body: bytes,
        now: datetime | None = None,
        method: str = "POST",
    ) -> SignedFanout:
        """Sign the part of a fan-out's requests that every recipient shares.

        Args:
            credentials: The caller's credentials, frozen for this fan-out.
            body: The frame every recipient gets (empty for a DELETE).
            now: The signing time (the current time by default).
            method: POST pushes a frame; DELETE closes the connection.
        """
        moment = (now or datetime.now(UTC)).astimezone(UTC)
        amz_date = moment.strftime(SIGV4_TIMESTAMP)
        auth = SigV4Auth(credentials, self._service, self._region)
        template = AWSRequest(
            method="POST",
            url=f"{self._url}/@connections/x",
            data=body,
            headers={"Content-Type": CONTENT_TYPE},
        )
        template.context["timestamp"] = amz_date
        _botocore(auth)._modify_request_before_signing(template)  # X-Amz-Date, the token
        headers = auth.headers_to_sign(template)
        lines = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        lines += f"Content-Length: {len(body)}\r\n\r\n"
        return SignedFanout(
            method=method,
            auth=auth,
            key=self._signing_key(auth, credentials.secret_key or "", amz_date[:8]),
            amz_date=amz_date,
            scope=auth.credential_scope(template),
            access_key=credentials.access_key or "",
            canonical_headers=auth.canonical_headers(headers),
            signed_headers=auth.signed_headers(headers),
            payload_hash=hashlib.sha256(body).hexdigest(),
            header_lines=lines.encode("latin-1"),
        )

    def _signing_key(self, auth: SigV4Auth, secret: str, day: str) -> bytes:
        # SigV4's key depends only on the secret, the day, the Region and the service.
        digest = hashlib.sha256(secret.encode("utf-8")).hexdigest()
        if self._key_for != (digest, day):
            key: bytes = _botocore(auth)._sign(f"AWS4{secret}".encode(), day)
            for part in (self._region, self._service, "aws4_request"):
                key = _botocore(auth)._sign(key, part)
            self._key, self._key_for = key, (digest, day)
        return self._key
