"""Identifiers shaped like API Gateway's: connection, request and message ids."""

from __future__ import annotations

import base64
import os

_ID_BYTES = 11


def aws_style_id() -> str:
    """Return a random id like API Gateway's, e.g. `L0SM9cOFvHcCIhw=`.

    Eleven random bytes in URL-safe base64 give 16 characters ending with one `=`, the shape
    of API Gateway's connectionId, requestId and messageId; URL-safe so that the id can sit in
    the @connections path without escaping.
    """
    return base64.urlsafe_b64encode(os.urandom(_ID_BYTES)).decode("ascii")
