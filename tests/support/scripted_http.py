"""A real HTTP/1.1 server on 127.0.0.1 that answers each connection id with scripted statuses.

For the pusher's faults that neither the local gateway nor moto produce: throttling (429),
server errors, and slow answers. Each path's last segment picks its script; the statuses
are given in order and the last one repeats.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote


class ScriptedServer:
    """What the server was asked, and what it answers."""

    def __init__(self, scripts: Mapping[str, Sequence[int]], delay_seconds: float = 0.0) -> None:
        self.scripts = scripts
        self.delay_seconds = delay_seconds
        self.requests: Counter[str] = Counter()
        self.bodies: list[bytes] = []
        self.lock = threading.Lock()
        self.url = ""

    def answer(self, connection_id: str, body: bytes) -> int:
        with self.lock:
            attempt = self.requests[connection_id]
            self.requests[connection_id] += 1
            self.bodies.append(body)
        script = self.scripts.get(connection_id, (200,))
        return script[min(attempt, len(script) - 1)]


@contextmanager
def scripted_server(
    scripts: Mapping[str, Sequence[int]], delay_seconds: float = 0.0
) -> Iterator[ScriptedServer]:
    """Run a scripted server for the block; its `url` is the endpoint (stage `/dev`)."""
    state = ScriptedServer(scripts, delay_seconds)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status = state.answer(unquote(self.path.rsplit("/", 1)[-1]), body)
            if state.delay_seconds:
                time.sleep(state.delay_seconds)
            payload = b"" if status == 200 else b'{"message":"scripted"}'
            self.send_response(status)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/dev"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
