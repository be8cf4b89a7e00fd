"""Fixtures of the security tests: the complete local chat, as the end-to-end tests start it."""

from __future__ import annotations

from tests.e2e.conftest import any_chat, local_chat, make_local_chat

__all__ = ["any_chat", "local_chat", "make_local_chat"]
