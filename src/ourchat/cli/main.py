"""The `ourchat` command: `serve` runs the local chat, `token` prints a local token,
`bench` benchmarks the local stack."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from ourchat.cli.bench import add_bench_parser
from ourchat.domain.limits import MAX_CONNECTIONS_PER_USER
from ourchat.settings import DEFAULT_HANDOFF_THRESHOLD

DEFAULT_DATA_DIR = Path(".data")
DEFAULT_PORT = 8000


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="ourchat", description=__doc__)
    parser.add_argument("--version", action="version", version=f"ourchat {version('ourchat')}")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the local gateway, handlers and web client")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (0 picks a free one)")
    serve.add_argument("--stage", default="dev", help="the API stage in the URL path")
    serve.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="data directory")
    serve.add_argument("--store", choices=["sqlite", "dynamodb"], default="sqlite")
    serve.add_argument("--dynamodb-endpoint", help="a DynamoDB-compatible endpoint URL")
    serve.add_argument(
        "--pusher",
        choices=["http", "inprocess"],
        default="http",
        help="push through the HTTP management API (as on AWS) or in process (faster)",
    )
    serve.add_argument(
        "--max-connections-per-user",
        type=int,
        default=MAX_CONNECTIONS_PER_USER,
        help=f"live connections one user may hold (default {MAX_CONNECTIONS_PER_USER})",
    )
    serve.add_argument(
        "--handoff-threshold",
        type=int,
        default=DEFAULT_HANDOFF_THRESHOLD,
        help="fan-outs to more live connections than this go through the fan-out queue"
        f" (default {DEFAULT_HANDOFF_THRESHOLD})",
    )

    token = commands.add_parser("token", help="print a token the local server accepts")
    token.add_argument("user_id", metavar="USER_ID")
    token.add_argument("--name", help="the display name claim")
    token.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="data directory")
    token.add_argument("--hours", type=float, default=12.0, help="lifetime in hours")
    add_bench_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["bench"]:
        # Every option after `bench`, --help included, is the benchmarks' own.
        from ourchat.cli.bench import bench

        return bench(arguments[1:])
    args = build_parser().parse_args(arguments)
    if args.command == "token":
        from ourchat.cli.token import print_token

        return print_token(args.user_id, args.name, args.data_dir, args.hours)
    from ourchat.cli.serve import serve

    return serve(args)


if __name__ == "__main__":
    sys.exit(main())
