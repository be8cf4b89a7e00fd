"""A stand-in for API Gateway's @connections API that accepts every POST and does nothing.

The Lambda CPU probe pushes to it, so that the probe measures the handler's own work
(boto3 signing, serializing, HTTP) and not the work of the receiving side.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchmarks.serve_child import python_server
from benchmarks.server_process import ServerProcess


class _AcceptEverything(BaseHTTPRequestHandler):
    """Answers 200 with an empty body to any POST, keeping the connection alive."""

    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        """Read the body and answer 200."""
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Log nothing: one line per push would cost more than the push."""


def start_sink_server(host: str = "127.0.0.1") -> tuple[str, Callable[[], None]]:
    """Run the sink on a free port in a background thread; return its URL and a stop function."""
    server = ThreadingHTTPServer((host, 0), _AcceptEverything)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="sink", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(10)

    return f"http://{host}:{server.server_address[1]}/bench", stop


def sink_server(log_path: Path) -> ServerProcess:
    """The sink in a child process (not yet launched)."""
    return python_server("sink", "benchmarks.sink_server:start_sink_server", log_path)
