"""ourchat's whole local stack (LocalChat) in a child process, on a free port.

Run as `python -m benchmarks.chat_server --data-dir DIR --store S --pusher P [...]`; the
parent builds that command from a ServerSetup with `chat_server`.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.serve_child import python_server, serve_until_stopped
from benchmarks.server_process import ServerProcess
from benchmarks.stores import ServerSetup
from ourchat.local.server import LocalChat, LocalOptions


def start_chat(options: LocalOptions) -> tuple[str, Callable[[], None]]:
    """Start LocalChat in the background; return its WebSocket URL and a stop function."""
    chat = LocalChat(options)
    chat.start()
    return chat.ws_url, chat.stop


def chat_server(setup: ServerSetup, log_path: Path) -> ServerProcess:
    """LocalChat in this configuration, in a child process (not yet launched).

    The handlers log JSON lines to stdout as they do in Lambda; they go to `log_path`.
    """
    args = ["--data-dir", str(setup.data_dir), "--store", setup.store, "--pusher", setup.pusher]
    if setup.dynamodb_endpoint is not None:
        args += ["--dynamodb-endpoint", setup.dynamodb_endpoint]
    if setup.table_prefix:
        args += ["--table-prefix", setup.table_prefix]
    return python_server(setup.label, "benchmarks.chat_server", log_path, *args)


def parse_setup(argv: Sequence[str] | None = None) -> ServerSetup:
    """The ServerSetup that `chat_server` wrote as command-line arguments."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.chat_server")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--store", choices=["sqlite", "dynamodb"], required=True)
    parser.add_argument("--pusher", choices=["http", "inprocess"], required=True)
    parser.add_argument("--dynamodb-endpoint")
    parser.add_argument("--table-prefix", default="")
    args = parser.parse_args(argv)
    return ServerSetup(
        args.store, args.pusher, args.data_dir, args.dynamodb_endpoint, args.table_prefix
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Child process: run LocalChat in the configuration of the arguments until told to stop."""
    options = parse_setup(argv).options()
    # A local DynamoDB emulator accepts any credentials; never look for real ones.
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    serve_until_stopped(lambda: start_chat(options))


if __name__ == "__main__":
    main()
