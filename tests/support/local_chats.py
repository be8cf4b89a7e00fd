"""The type of the `make_local_chat` fixture (tests/conftest.py): starts complete local chats."""

from __future__ import annotations

from collections.abc import Callable

from ourchat.local.server import LocalChat

ChatFactory = Callable[..., LocalChat]
