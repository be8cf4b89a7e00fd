"""Route selection with the expression `$request.body.action`, as API Gateway evaluates it."""

from __future__ import annotations

import json
from collections.abc import Collection

DEFAULT_ROUTE = "$default"
CONNECT_ROUTE = "$connect"
DISCONNECT_ROUTE = "$disconnect"
_LIFECYCLE_ROUTES = frozenset({CONNECT_ROUTE, DISCONNECT_ROUTE})
# Python refuses int() of longer digit strings (a guard against quadratic conversion); API
# Gateway reads any JSON number, so longer integers are kept as their text.
_MAX_INT_DIGITS = 4_000


def _integer(text: str) -> int | str:
    return int(text) if len(text) <= _MAX_INT_DIGITS else text


def action_of(frame: str | bytes) -> str | None:
    """Evaluate `$request.body.action` on a frame; None when it cannot be evaluated.

    A JSON string is taken as is; numbers and booleans become their JSON text (`1`, `true`).
    Integers of any length are read, as API Gateway reads them (Python's `int()` alone
    refuses over 4,300 digits).
    Non-JSON frames (JSON nested too deeply to parse included), binary frames, non-object
    bodies, and a missing or null `action` (or one that is an object or array) give None.
    """
    if isinstance(frame, bytes):
        return None
    try:
        body = json.loads(frame, parse_int=_integer)
    except (ValueError, RecursionError):  # nesting deeper than the parser's limit
        return None
    if not isinstance(body, dict):
        return None
    action = body.get("action")
    if isinstance(action, str):
        return action
    if isinstance(action, bool | int | float):
        return json.dumps(action)
    return None


def select_route(frame: str | bytes, route_keys: Collection[str]) -> str | None:
    """Return the key of the route a frame goes to, or None when no route takes it.

    Args:
        route_keys: The keys of the API's routes.

    Returns:
        The action's route when one matches, else `$default` if the API has it, else None
        (API Gateway then answers with a Forbidden frame). `$connect` and `$disconnect` are
        never selected by a message.
    """
    action = action_of(frame)
    if action is not None and action in route_keys and action not in _LIFECYCLE_ROUTES:
        return action
    if DEFAULT_ROUTE in route_keys:
        return DEFAULT_ROUTE
    return None
