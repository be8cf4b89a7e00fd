"""A JWKS endpoint on 127.0.0.1, serving an RSA key like a Cognito user pool does."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


@dataclass
class JwksEndpoint:
    """A running JWKS server, its URL, and the private key matching its public key."""

    url: str
    key_id: str
    private_key: rsa.RSAPrivateKey
    requests: list[str]


@contextmanager
def serve_jwks(key_id: str = "test-key") -> Iterator[JwksEndpoint]:
    """Serve a one-key JWKS at http://127.0.0.1:PORT/.well-known/jwks.json."""
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(private_key.public_key()))
    jwk.update(kid=key_id, alg="RS256", use="sig")
    body = json.dumps({"keys": [jwk]}).encode()
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
        yield JwksEndpoint(url, key_id, private_key, seen)
    finally:
        server.shutdown()
        server.server_close()
