"""`ourchat serve`: run the local chat in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import sys

from ourchat.gateway.config import GatewayConfig
from ourchat.local.server import STATIC_DIR, LocalChat, LocalOptions, is_loopback


def serve(args: argparse.Namespace) -> int:
    """Run the local server with the parsed command-line options; returns the exit code."""
    if args.store == "dynamodb" and not args.dynamodb_endpoint:
        print("ourchat serve: --store dynamodb needs --dynamodb-endpoint URL", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        print(
            f"ourchat serve: warning: binding {args.host} exposes the chat beyond this machine;"
            " local sign-in (/local/token) is off, use `ourchat token`.",
            file=sys.stderr,
        )
    options = LocalOptions(
        data_dir=args.data_dir,
        host=args.host,
        port=args.port,
        store=args.store,
        dynamodb_endpoint=args.dynamodb_endpoint,
        pusher=args.pusher,
        gateway=GatewayConfig(stage=args.stage, static_dir=STATIC_DIR),
    )
    asyncio.run(LocalChat(options).serve_forever())
    return 0
