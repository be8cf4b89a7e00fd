"""Handler loading and invocation in worker threads."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from ourchat.gateway.invoker import (
    HandlerRaised,
    IntegrationError,
    IntegrationTimeout,
    Invoker,
    LoadedHandler,
    load_handler,
)
from tests.support.gateway import SAMPLES

pytestmark = pytest.mark.anyio


def loaded(function: Any) -> LoadedHandler:
    return LoadedHandler("ourchat-local-test", "tests.fake.handler", function)


async def test_handlers_run_in_a_worker_thread_with_a_copy_of_the_event() -> None:
    seen: dict[str, Any] = {}

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen["thread"] = threading.get_ident()
        event["mutated"] = True
        return {"statusCode": 200, "body": context.function_name}

    event: dict[str, Any] = {"body": "x"}
    result = await Invoker(29, 4).invoke(loaded(handler), event)

    assert result == {"statusCode": 200, "body": "ourchat-local-test"}
    assert seen["thread"] != threading.get_ident()
    assert event == {"body": "x"}


async def test_a_raising_handler_reports_its_error_message() -> None:
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise ValueError("Unauthorized")

    with pytest.raises(HandlerRaised) as raised:
        await Invoker(29, 4).invoke(loaded(handler), {})

    assert raised.value.error_message == "Unauthorized"


async def test_a_result_lambda_cannot_serialize_is_an_integration_error() -> None:
    def handler(event: dict[str, Any], context: Any) -> Any:
        return {"statusCode": 200, "body": {1, 2}}

    with pytest.raises(IntegrationError) as raised:
        await Invoker(29, 4).invoke(loaded(handler), {})

    assert not isinstance(raised.value, HandlerRaised)


async def test_a_slow_handler_times_out_and_its_thread_is_abandoned() -> None:
    release = threading.Event()

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        release.wait(5)
        return {}

    try:
        with pytest.raises(IntegrationTimeout):
            await Invoker(0.05, 4).invoke(loaded(handler), {})
    finally:
        release.set()


def test_handlers_are_loaded_by_dotted_path() -> None:
    handler = load_handler(f"{SAMPLES}.echo.handler", "ourchat-local-echo")

    assert handler.function({"body": "hi"}, None) == {"statusCode": 200, "body": "hi"}


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("handler", ValueError),
        (f"{SAMPLES}.echo.missing", ValueError),
        (f"{SAMPLES}.slow.RELEASE", ValueError),
        (f"{SAMPLES}.nowhere.handler", ImportError),
    ],
)
def test_bad_handler_paths_fail_fast(path: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        load_handler(path, "ourchat-local-x")
