"""Typed domain errors, each with a stable machine-readable code."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable error codes; clients switch on these, never on messages."""

    BAD_REQUEST = "bad_request"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    TOO_LARGE = "too_large"
    RATE_LIMITED = "rate_limited"  # reserved: throttled frames get the gateway's own frame
    INTERNAL = "internal"


class ChatError(Exception):
    """Base of every error the chat reports to a client.

    Args:
        message: A human-readable explanation, safe to show to the caller.
    """

    code: ErrorCode = ErrorCode.INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(ChatError):
    """The input is malformed or breaks a validation rule."""

    code = ErrorCode.BAD_REQUEST


class Forbidden(ChatError):
    """The caller may not do this (for example, is not a member of the group)."""

    code = ErrorCode.FORBIDDEN


class NotFound(ChatError):
    """A referenced entity does not exist."""

    code = ErrorCode.NOT_FOUND


class Conflict(ChatError):
    """The operation conflicts with the current state (for example, already a member)."""

    code = ErrorCode.CONFLICT


class TooManyConnections(Conflict):
    """The user holds as many live connections as allowed; $connect refuses with 429."""


class TooLarge(ChatError):
    """The input is over a size limit."""

    code = ErrorCode.TOO_LARGE


class InternalError(ChatError):
    """A dependency failed; the operation had no effect and may be retried."""

    code = ErrorCode.INTERNAL
