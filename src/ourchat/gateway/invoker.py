"""Loads Lambda handlers by dotted path and invokes them in worker threads, as Lambda would."""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgspec

from ourchat.gateway.context import LambdaContext
from ourchat.gateway.workers import WorkerPool

logger = logging.getLogger("ourchat.gateway")

Handler = Callable[[dict[str, Any], Any], Any]
Binder = Callable[[object], Handler]
"""Turns what a handler path names into the handler to invoke (e.g. binds dependencies)."""


@dataclass(frozen=True, slots=True)
class LoadedHandler:
    """A handler function and the Lambda function name it runs as."""

    function_name: str
    dotted_path: str
    function: Handler


def load_handler(dotted_path: str, function_name: str, bind: Binder | None = None) -> LoadedHandler:
    """Import `package.module.function` once, as a Lambda cold start does.

    Args:
        bind: Applied to the imported object to get the handler; by default the object is
            the handler itself.

    Raises:
        ImportError: The module cannot be imported.
        ValueError: The path has no module part, or names no callable.
    """
    module_path, _, attribute = dotted_path.rpartition(".")
    if not module_path:
        raise ValueError(f"handler path needs a module and a function: {dotted_path!r}")
    module = importlib.import_module(module_path)
    function = getattr(module, attribute, None)
    if not callable(function):
        raise ValueError(f"{dotted_path!r} is not a callable handler")
    return LoadedHandler(function_name, dotted_path, bind(function) if bind else function)


class IntegrationError(Exception):
    """The integration failed: the handler raised, timed out, or returned a non-JSON result."""


class HandlerRaised(IntegrationError):
    """The handler raised; `error_message` is what Lambda reports as errorMessage."""

    def __init__(self, error: Exception) -> None:
        super().__init__(f"{type(error).__name__}: {error}")
        self.error_message = str(error)


class _ResultNotJson(Exception):
    """The handler's result cannot be serialized to JSON."""


class IntegrationTimeout(IntegrationError):
    """The handler did not return within the integration timeout."""


class _Expired(Exception):
    """The invocation's time ran out (the worker thread is abandoned and runs on)."""


def _expire(future: asyncio.Future[Any]) -> None:
    if not future.done():
        future.set_exception(_Expired())


class Invoker:
    """Runs handlers in a bounded pool of worker threads, never on the event loop.

    Args:
        timeout_seconds: The integration timeout; a slower handler's thread is abandoned (it
            runs on, as a Lambda would, but its result is dropped).
        max_workers: Invocations that may run at once; later ones wait for a thread.
    """

    def __init__(self, timeout_seconds: float, max_workers: int) -> None:
        self._timeout = timeout_seconds
        self._workers = WorkerPool(max_workers)

    def reset(self) -> None:
        """Nothing to forget: the worker threads serve whichever event loop calls them."""

    async def invoke(
        self, handler: LoadedHandler, event: dict[str, Any], *, answer: str | None = None
    ) -> Any:
        """Invoke a handler with a copy of the event and return its result as Lambda sees it.

        The event is a JSON round trip of `event`, and so is the result: what is not JSON
        cannot pass through Lambda either.

        Args:
            answer: An error message by which the handler answers rather than fails (an
                authorizer's "Unauthorized"): raised with it, the handler is not logged as
                failing.

        Raises:
            HandlerRaised: The handler raised.
            IntegrationTimeout: The handler took longer than the integration timeout.
            IntegrationError: The result is not JSON-serializable.
        """
        # The gateway builds events of JSON values only, so msgspec's round trip equals
        # json's here, several times cheaper per frame. Results are the handler's: they go
        # through json, which refuses what Lambda's runtime refuses (sets, bytes, ...).
        payload = msgspec.json.decode(msgspec.json.encode(event))
        context = LambdaContext(handler.function_name, self._timeout)

        def call() -> str:
            result = handler.function(payload, context)
            try:
                return json.dumps(result)
            except (TypeError, ValueError) as error:
                raise _ResultNotJson(str(error)) from error

        future = self._workers.run(call)
        # One timer on the result's future: asyncio.wait_for adds a future and callbacks per
        # invocation, a measurable share of the event loop's time at saturation.
        timer = asyncio.get_running_loop().call_later(self._timeout, _expire, future)
        try:
            serialized: str = await future
        except _Expired:
            logger.error("handler %s timed out after %ss", handler.dotted_path, self._timeout)
            raise IntegrationTimeout(handler.dotted_path) from None
        except _ResultNotJson as error:
            logger.error("handler %s returned a non-JSON result: %s", handler.dotted_path, error)
            raise IntegrationError(f"result is not JSON: {error}") from error
        except Exception as error:
            if answer is None or str(error) != answer:
                logger.exception("handler %s raised", handler.dotted_path)
            raise HandlerRaised(error) from error
        finally:
            timer.cancel()
        return json.loads(serialized)
