"""A Lambda handler whose dependencies are handed to it, never looked up globally.

Every route module exposes `handler`, a `LambdaFunction`. Lambda calls it as a plain
handler: the dependencies are then built from the function's environment on the first
invocation and kept for the life of the execution environment. The local gateway (and
tests) call `bind(dependencies)` instead and get a handler that uses exactly those.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

from ourchat.bootstrap import Dependencies
from ourchat.handlers.logs import bind_request, unbind_request
from ourchat.settings import Settings

Event = dict[str, Any]
Handler = Callable[[Event, Any], Any]
Serve = Callable[[Event, Any, Dependencies], Any]


LAMBDA_MARKER = "AWS_LAMBDA_FUNCTION_NAME"
"""Set by Lambda in every execution environment: only there may a handler build its own."""


@functools.cache
def environment_dependencies() -> Dependencies:
    """The dependencies of this Lambda execution environment, from its variables.

    Never raises: settings that cannot be read make every port raise when first used, so
    the handler answers as for any failure (a protocol reply, a 500) rather than crashing
    before it could.
    """
    try:
        return Dependencies.from_settings(Settings.from_env(os.environ))
    except ValueError as error:
        broken = error

        def refuse() -> Any:
            raise broken

        return Dependencies(store=refuse, pusher=refuse, gatekeeper=refuse)


class LambdaFunction:
    """A Lambda handler that serves with given dependencies, its log context bound.

    Args:
        serve: The work of one invocation: (event, context, dependencies) -> result.
        doc: What the handler does (its docstring).
    """

    def __init__(self, serve: Serve, doc: str | None = None) -> None:
        self._serve = serve
        self.__doc__ = doc

    def __call__(self, event: Event, context: Any) -> Any:
        """Serve one invocation on Lambda, with the environment's dependencies.

        Raises:
            RuntimeError: Called outside Lambda: bind dependencies instead (`bind`), so
                that no process-wide dependencies are shared by accident.
        """
        if LAMBDA_MARKER not in os.environ:
            raise RuntimeError(
                "a LambdaFunction builds its own dependencies only on Lambda; elsewhere call "
                "bind(dependencies) and invoke the handler it returns"
            )
        return self._invoke(event, context, environment_dependencies())

    def bind(self, dependencies: Dependencies) -> Handler:
        """Return a handler that serves with `dependencies`."""
        return functools.partial(self._invoke, dependencies=dependencies)

    def _invoke(self, event: Event, context: Any, dependencies: Dependencies) -> Any:
        token = bind_request(event)
        try:
            return self._serve(event, context, dependencies)
        finally:
            unbind_request(token)


def lambda_function(serve: Serve) -> LambdaFunction:
    """Decorate the work of a route as its Lambda handler."""
    return LambdaFunction(serve, serve.__doc__)


def bind_handler(function: object, dependencies: Dependencies) -> Handler:
    """Bind a route module's `handler` to dependencies (the local gateway's resolver).

    Raises:
        TypeError: `function` is not a `LambdaFunction`.
    """
    if not isinstance(function, LambdaFunction):
        raise TypeError(f"{function!r} is not a LambdaFunction: it cannot take dependencies")
    return function.bind(dependencies)
