"""The token bucket."""

from __future__ import annotations

import pytest

from ourchat.gateway.throttle import TokenBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_burst_is_allowed_then_the_rate_refills() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=2, burst=3, clock=clock)

    assert [bucket.try_take() for _ in range(4)] == [True, True, True, False]
    clock.now += 0.25
    assert bucket.try_take() is False
    clock.now += 0.25
    assert bucket.try_take() is True
    assert bucket.try_take() is False


def test_the_bucket_never_holds_more_than_its_burst() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=100, burst=2, clock=clock)
    clock.now += 60

    assert [bucket.try_take() for _ in range(3)] == [True, True, False]


@pytest.mark.parametrize(("rate", "burst"), [(0, 1), (-1, 1), (1, 0)])
def test_invalid_settings_are_refused(rate: float, burst: int) -> None:
    with pytest.raises(ValueError, match="rate must be positive"):
        TokenBucket(rate, burst)
