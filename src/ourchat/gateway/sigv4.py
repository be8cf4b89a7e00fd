"""SigV4 verification of @connections requests, as API Gateway does for IAM callers.

The canonical request is built from the request as it arrived: its raw path, its query
string, exactly the headers it says it signed, and the SHA-256 of its body. Without a query
string (every @connections request) it is written out here, with botocore's path encoding,
because botocore's request objects cost more than the push they guard (a fan-out is
thousands of POSTs); with one, botocore's own `SigV4Auth.canonical_request` builds it. A
test checks both give the same text. The signing key is derived once per day. Refusals
carry API Gateway's error types and messages, so boto3 reports them as it does against AWS
(`ClientError`, HTTP 403).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import ReadOnlyCredentials
from botocore.utils import normalize_url_path

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
class Arrived:
    """A request as it arrived: raw path, query string, headers (names in lower case), body."""

    method: str
    raw_path: str
    query: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class Denial:
    """Why a request was refused: API Gateway's error type and message (HTTP 403)."""

    error_type: str
    message: str


MISSING = Denial("MissingAuthenticationTokenException", "Missing Authentication Token")
UNKNOWN_KEY = Denial(
    "UnrecognizedClientException", "The security token included in the request is invalid."
)


@functools.lru_cache(maxsize=8)  # precheck and verify parse the same header, once
def _fields(authorization: str) -> dict[str, str] | None:
    """The `Credential`, `SignedHeaders` and `Signature` of an Authorization header.

    The result is shared between callers: read it, never change it.
    """
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
        self._keys: dict[str, bytes] = {}

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

    def verify(self, request: Arrived) -> Denial | None:
        """Return why the request is refused, or None when its signature is valid."""
        headers = request.headers
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
        moment = _parse_amz_date(amz_date)
        if moment is None:
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
        expected = self._signature(request, signed, amz_date)
        if not hmac.compare_digest(expected, fields["Signature"]):
            return Denial("InvalidSignatureException", MISMATCH)
        return None

    def _signature(self, request: Arrived, signed: Sequence[str], amz_date: str) -> str:
        body_hash = hashlib.sha256(request.body).hexdigest()
        claimed = request.headers.get("x-amz-content-sha256")
        if "x-amz-content-sha256" in signed and claimed != body_hash:
            return ""  # the service hashes the body itself: a wrong claimed hash never passes
        if request.query:
            canonical = self.botocore_canonical_request(request, signed)
        else:
            canonical = canonical_request(
                request.method, request.raw_path, request.headers, signed, body_hash
            )
        day = amz_date[:8]
        scope = f"{day}/{self._region}/{SERVICE}/aws4_request"
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        to_sign = f"{ALGORITHM}\n{amz_date}\n{scope}\n{digest}"
        # hmac.digest: the one-shot C path, several times cheaper than an HMAC object.
        return hmac.digest(self._key_of(day), to_sign.encode("utf-8"), "sha256").hex()

    def botocore_canonical_request(self, request: Arrived, signed: Sequence[str]) -> str:
        """botocore's canonical request of the request as it arrived."""
        headers = request.headers
        query = f"?{request.query}" if request.query else ""
        url = f"http://{headers.get('host', '')}{request.raw_path}{query}"
        prepared = AWSRequest(
            method=request.method,
            url=url,
            data=request.body,
            headers={n: headers.get(n, "") for n in signed},
        )
        return self._auth.canonical_request(prepared)

    def _key_of(self, day: str) -> bytes:
        key = self._keys.get(day)
        if key is None:
            secret = self._key.secret_access_key
            key = _hmac(f"AWS4{secret}".encode(), day)
            for part in (self._region, SERVICE, "aws4_request"):
                key = _hmac(key, part)
            self._keys = {day: key}  # one day at a time: the cache never grows
        return key


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.digest(key, message.encode("utf-8"), "sha256")


def _parse_amz_date(text: str) -> datetime | None:
    """`20261128T032000Z` as a UTC datetime; None when it is not one."""
    if len(text) != 16 or text[8] != "T" or text[15] != "Z":
        return None
    digits = text[:8] + text[9:15]
    if not digits.isdigit():
        return None
    try:
        return datetime(
            int(text[0:4]),
            int(text[4:6]),
            int(text[6:8]),
            int(text[9:11]),
            int(text[11:13]),
            int(text[13:15]),
            tzinfo=UTC,
        )
    except ValueError:
        return None


def canonical_request(
    method: str, raw_path: str, headers: dict[str, str], signed: Sequence[str], body_hash: str
) -> str:
    """SigV4's canonical request of a request without a query string, as botocore builds it.

    Args:
        raw_path: The path as it arrived (percent-encoded); encoded once more, as botocore
            does for every service but S3.
        headers: The request's headers, names in lower case.
        signed: The names of the signed headers, as the Authorization header lists them.
        body_hash: The SHA-256 of the body, in hex.
    """
    names = sorted(signed)
    lines = "".join(f"{name}:{' '.join(headers.get(name, '').split())}\n" for name in names)
    path = _canonical_path(raw_path)
    return f"{method.upper()}\n{path}\n\n{lines}\n{';'.join(names)}\n{body_hash}"


@functools.lru_cache(maxsize=65_536)
def _canonical_path(raw_path: str) -> str:
    # A fan-out posts to the same connections again and again: their paths repeat.
    return quote(normalize_url_path(raw_path), safe="/~")
