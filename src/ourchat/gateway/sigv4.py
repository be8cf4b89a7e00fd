"""SigV4 verification of @connections requests, as API Gateway does for IAM callers.

The canonical request is botocore's own (`SigV4Auth.canonical_request`), built from the
request as it arrived: its raw path, its query string, exactly the headers it says it
signed, and the SHA-256 of its body. Refusals carry API Gateway's error types and messages,
so boto3 reports them as it does against AWS (`ClientError`, HTTP 403).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import ReadOnlyCredentials

SERVICE = "execute-api"
ALGORITHM = "AWS4-HMAC-SHA256"
ALLOWED_SKEW = timedelta(minutes=5)
MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method. Consult the service documentation for "
    "details."
)


@dataclass(frozen=True, slots=True)
class AccessKey:
    """The key pair the management API accepts (the IAM identity allowed to manage it)."""

    access_key_id: str
    secret_access_key: str

    @classmethod
    def generate(cls) -> AccessKey:
        """A new random key pair, shaped like AWS's (`AKIA` + 16 characters, 40-byte secret)."""
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
        key_id = "AKIA" + "".join(secrets.choice(alphabet) for _ in range(16))
        return cls(key_id, secrets.token_urlsafe(30))


@dataclass(frozen=True, slots=True)
class Denial:
    """Why a request was refused: API Gateway's error type and message (HTTP 403)."""

    error_type: str
    message: str


MISSING = Denial("MissingAuthenticationTokenException", "Missing Authentication Token")
UNKNOWN_KEY = Denial(
    "UnrecognizedClientException", "The security token included in the request is invalid."
)


def _fields(authorization: str) -> dict[str, str] | None:
    """The `Credential`, `SignedHeaders` and `Signature` of an Authorization header."""
    algorithm, _, rest = authorization.partition(" ")
    if algorithm != ALGORITHM:
        return None
    fields = {}
    for part in rest.split(","):
        name, _, value = part.strip().partition("=")
        fields[name] = value
    return fields


class SigV4Verifier:
    """Checks that requests are signed with one access key, for one Region and service.

    Args:
        key: The accepted key pair.
        region: The Region the signature must be scoped to.
        clock: The current time (injectable for tests).
    """

    def __init__(
        self,
        key: AccessKey,
        region: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._key = key
        self._region = region
        self._clock = clock
        self._auth = SigV4Auth(
            ReadOnlyCredentials(key.access_key_id, key.secret_access_key, None), SERVICE, region
        )

    def precheck(self, headers: dict[str, str]) -> Denial | None:
        """Refuse what needs no body to refuse: no signature, a malformed one, another key."""
        authorization = headers.get("authorization")
        if not authorization:
            return MISSING
        fields = _fields(authorization)
        if fields is None or not {"Credential", "SignedHeaders", "Signature"} <= fields.keys():
            return Denial(
                "IncompleteSignatureException",
                "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders'"
                f" parameters. Authorization={authorization[:40]}",
            )
        scope = fields["Credential"].split("/")
        if len(scope) != 5 or scope[4] != "aws4_request":
            return Denial("IncompleteSignatureException", "Credential is malformed.")
        if not hmac.compare_digest(scope[0], self._key.access_key_id):
            return UNKNOWN_KEY
        if scope[3] != SERVICE:
            return Denial(
                "InvalidSignatureException",
                f"Credential should be scoped to correct service: '{SERVICE}'. ",
            )
        if scope[2] != self._region:
            return Denial(
                "InvalidSignatureException", "Credential should be scoped to a valid region. "
            )
        return None

    def verify(
        self,
        method: str,
        raw_path: str,
        query: str,
        headers: dict[str, str],
        body: bytes,
    ) -> Denial | None:
        """Return why the request is refused, or None when its signature is valid.

        Args:
            headers: The request's headers, names in lower case.
        """
        denial = self.precheck(headers)
        if denial is not None:
            return denial
        fields = _fields(headers["authorization"]) or {}
        amz_date = headers.get("x-amz-date", "")
        signed: Sequence[str] = fields["SignedHeaders"].split(";")
        if "host" not in signed or "x-amz-date" not in signed:
            return Denial(
                "IncompleteSignatureException",
                "The 'Host' and 'X-Amz-Date' headers must be signed.",
            )
        try:
            moment = datetime.strptime(amz_date, SIGV4_TIMESTAMP).replace(tzinfo=UTC)
        except ValueError:
            return Denial("IncompleteSignatureException", "X-Amz-Date is malformed.")
        now = self._clock()
        if abs(now - moment) > ALLOWED_SKEW:
            return Denial(
                "InvalidSignatureException",
                f"Signature expired: {amz_date} is outside {ALLOWED_SKEW} of "
                f"{now.strftime(SIGV4_TIMESTAMP)}.",
            )
        if fields["Credential"].split("/")[1] != amz_date[:8]:
            return Denial("InvalidSignatureException", "Credential date does not match X-Amz-Date.")
        expected = self._signature(method, raw_path, query, headers, signed, body, amz_date)
        if not hmac.compare_digest(expected, fields["Signature"]):
            return Denial("InvalidSignatureException", MISMATCH)
        return None

    def _signature(
        self,
        method: str,
        raw_path: str,
        query: str,
        headers: dict[str, str],
        signed: Sequence[str],
        body: bytes,
        amz_date: str,
    ) -> str:
        if (
            "x-amz-content-sha256" in signed
            and headers.get("x-amz-content-sha256") != hashlib.sha256(body).hexdigest()
        ):
            return ""  # the service hashes the body itself: a wrong claimed hash never passes
        url = f"http://{headers.get('host', '')}{raw_path}" + (f"?{query}" if query else "")
        request = AWSRequest(
            method=method,
            url=url,
            data=body,
            headers={name: headers.get(name, "") for name in signed},
        )
        request.context["timestamp"] = amz_date
        canonical = self._auth.canonical_request(request)
        string_to_sign = self._auth.string_to_sign(request, canonical)
        return self._auth.signature(string_to_sign, request)
