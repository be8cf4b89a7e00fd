"""`python -m docgen write` rewrites the generated documents; `check` lists those that lag."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from docgen import asyncapi, client_names, protocol_md

ROOT = Path(__file__).resolve().parent.parent
ASYNCAPI = ROOT / "docs" / "asyncapi.yaml"
PROTOCOL_MD = ROOT / "docs" / "protocol.md"
CLIENT_NAMES = ROOT / "src" / "ourchat" / "gateway" / "static" / "protocol.js"

Render = Callable[[str], str]
DOCUMENTS: dict[Path, Render] = {
    ASYNCAPI: lambda _old: asyncapi.render(),
    PROTOCOL_MD: protocol_md.render,
    CLIENT_NAMES: lambda _old: client_names.render(),
}


def stale() -> list[Path]:
    """Return the generated documents whose committed text differs from a fresh rendering."""
    found = []
    for path, render in DOCUMENTS.items():
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if render(old) != old:
            found.append(path)
    return found


def write() -> list[Path]:
    """Rewrite every stale document; return those rewritten."""
    written = []
    for path in stale():
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(DOCUMENTS[path](old), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    """Run `write` or `check`; `check` exits 1 when a document lags."""
    command = argv[0] if argv else "check"
    if command == "write":
        for path in write():
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    if command == "check":
        lagging = stale()
        for path in lagging:
            print(f"{path.relative_to(ROOT)} is out of date: run `make docs`", file=sys.stderr)
        return 1 if lagging else 0
    print("usage: python -m docgen [write|check]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
