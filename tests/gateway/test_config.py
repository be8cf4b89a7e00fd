"""GatewayConfig validation."""

from __future__ import annotations

from typing import Any

import pytest

from ourchat.gateway import GatewayConfig


def test_defaults_are_api_gateways() -> None:
    config = GatewayConfig()

    assert config.stage == "dev"
    assert config.idle_timeout_seconds == 600
    assert config.max_duration_seconds == 7200
    assert config.max_message_bytes == 128 * 1024
    assert config.integration_timeout_seconds == 29
    assert config.throttle_rate_per_second is None


@pytest.mark.parametrize(
    "settings",
    [
        {"stage": ""},
        {"stage": "a/b"},
        {"stage": "@connections"},
        {"idle_timeout_seconds": 0},
        {"max_duration_seconds": -1},
        {"integration_timeout_seconds": 0},
        {"max_message_bytes": 0},
        {"throttle_rate_per_second": 0},
        {"throttle_burst": 0},
        {"connections_per_second": 0},
        {"max_workers": 0},
    ],
)
def test_invalid_settings_are_refused(settings: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="must"):
        GatewayConfig(**settings)


def test_burst_defaults_to_the_rate_rounded_up() -> None:
    assert GatewayConfig(throttle_rate_per_second=2.5).effective_throttle_burst == 3
    assert GatewayConfig(throttle_rate_per_second=0.5).effective_throttle_burst == 1
    assert GatewayConfig(throttle_rate_per_second=5, throttle_burst=1).effective_throttle_burst == 1
