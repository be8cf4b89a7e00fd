"""Fixtures of the reliability tests: the local chat as the end-to-end tests start it, and a
chat on DynamoDB driven through its handlers."""

from __future__ import annotations

from tests.e2e.conftest import any_chat, local_chat, make_local_chat
from tests.reliability.dynamodb_chat import chat

__all__ = ["any_chat", "chat", "local_chat", "make_local_chat"]
