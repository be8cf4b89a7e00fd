"""ourchat's whole local stack (LocalChat) in a child process, on a free port."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from benchmarks.serve_child import python_server
from benchmarks.server_process import ServerProcess
from benchmarks.stores import PusherKind, ServerSetup, StoreKind
from ourchat.local.server import LocalChat


def chat_server(setup: ServerSetup, log_path: Path) -> ServerProcess:
    """LocalChat in this configuration, in a child process (not yet launched).

    The handlers log JSON lines to stdout as they do in Lambda; they go to `log_path`.
    """
    args = (str(setup.data_dir), setup.store, setup.pusher, setup.dynamodb_endpoint or "")
    target = "benchmarks.chat_server:start_chat"
    return python_server(setup.label, target, log_path, *args, setup.table_prefix)


def start_chat(
    data_dir: str, store: StoreKind, pusher: PusherKind, endpoint: str, table_prefix: str
) -> tuple[str, Callable[[], None]]:
    """Start LocalChat in the configuration `chat_server` wrote as strings, in the background.

    Returns:
        Its WebSocket URL and a function that stops it.
    """
    # A local DynamoDB emulator accepts any credentials; never look for real ones.
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    setup = ServerSetup(store, pusher, Path(data_dir), endpoint or None, table_prefix)
    chat = LocalChat(setup.options())
    chat.start()
    return chat.ws_url, chat.stop
