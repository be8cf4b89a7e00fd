"""`ourchat serve`: run the local chat in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import sys

from ourchat.local.server import LocalChat, LocalOptions, is_loopback, stage_config


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
        gateway=stage_config(args.stage),
        max_connections_per_user=args.max_connections_per_user,
        handoff_threshold=args.handoff_threshold,
    )
    asyncio.run(LocalChat(options).serve_forever())
    return 0
