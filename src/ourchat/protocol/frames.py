"""What every client frame may carry, whatever its action: `action` and `requestId`."""

from __future__ import annotations

from typing import Any

import msgspec

MAX_REQUEST_ID_CHARS = 64
"""A `requestId` is a string of at most this many characters; others are not echoed."""


class Envelope(msgspec.Struct, rename="camel", frozen=True):
    """The fields every frame may carry, read before its action's own fields."""

    action: Any = None
    request_id: Any = None
