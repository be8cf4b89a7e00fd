"""The Lambda-like context object."""

from __future__ import annotations

from ourchat.gateway.context import LambdaContext


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_remaining_time_counts_down_from_the_timeout_and_stops_at_zero() -> None:
    clock = FakeClock()
    context = LambdaContext("ourchat-local-echo", 29, clock=clock)

    assert context.get_remaining_time_in_millis() == 29_000
    clock.now += 28.5
    assert context.get_remaining_time_in_millis() == 500
    clock.now += 1
    assert context.get_remaining_time_in_millis() == 0


def test_context_has_lambdas_attributes() -> None:
    context = LambdaContext("ourchat-local-echo", 29)

    assert context.function_name == "ourchat-local-echo"
    assert context.function_version == "$LATEST"
    assert context.invoked_function_arn.endswith(":function:ourchat-local-echo")
    assert context.memory_limit_in_mb == 128
    assert context.log_group_name == "/aws/lambda/ourchat-local-echo"
    assert "[$LATEST]" in context.log_stream_name
    assert context.aws_request_id != LambdaContext("ourchat-local-echo", 29).aws_request_id
