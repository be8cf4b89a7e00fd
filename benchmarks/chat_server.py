"""ourchat's whole local stack (LocalChat) in a child process, on a free port."""

from __future__ import annotations

import os
from collections.abc import Callable
from multiprocessing.connection import Connection

from benchmarks.children import redirect_output, serve_until_told
from ourchat.local.server import LocalChat, LocalOptions


def start_chat(options: LocalOptions) -> tuple[str, Callable[[], None]]:
    """Start LocalChat in the background; return its WebSocket URL and a stop function."""
    chat = LocalChat(options)
    chat.start()
    return chat.ws_url, chat.stop


def serve_chat_in_child(
    conn: Connection, options: LocalOptions, log_path: str | None = None
) -> None:
    """Child-process target: run LocalChat until told to stop, its logs going to `log_path`.

    The handlers log JSON lines to stdout as they do in Lambda; they go to the log file.
    """
    redirect_output(log_path)
    # A local DynamoDB emulator accepts any credentials; never look for real ones.
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    serve_until_told(conn, lambda: start_chat(options))
