"""Fixtures of the reliability tests: a chat on DynamoDB driven through its handlers."""

from __future__ import annotations

from tests.support.dynamodb_chat import chat

__all__ = ["chat"]
