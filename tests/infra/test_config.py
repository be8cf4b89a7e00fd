"""Context parsing: JSON values from cdk.json and strings from `cdk -c key=value` alike."""

from __future__ import annotations

from typing import Any

import pytest

from ourchat.throttling import STAGE_LIMITS
from ourchat_infra.config import CONNECT_LIMITS, FALLBACK_REGION, ConfigError, InfraConfig


def config(context: dict[str, Any], environ: dict[str, str] | None = None) -> InfraConfig:
    return InfraConfig.from_context(context.get, environ or {})


def test_defaults_retain_data_and_put_the_edge_in_front() -> None:
    settings = config({})

    assert settings.stage_name == "prod"
    assert settings.retain_data is True
    assert settings.edge is True
    assert settings.geo_block_countries == ()
    assert settings.stage_throttle == STAGE_LIMITS
    assert settings.connect_throttle == CONNECT_LIMITS
    assert settings.region == FALLBACK_REGION


@pytest.mark.parametrize(("value", "expected"), [("false", False), ("TRUE", True), (False, False)])
def test_flags_accept_json_booleans_and_command_line_strings(value: Any, expected: bool) -> None:
    assert config({"edge": value}).edge is expected
    assert config({"retainData": value}).retain_data is expected


@pytest.mark.parametrize("value", [["KP", "IR"], "KP,IR", '["KP", "IR"]', " KP , IR "])
def test_countries_accept_a_list_a_json_string_or_commas(value: Any) -> None:
    assert config({"geoBlockCountries": value}).geo_block_countries == ("KP", "IR")


def test_throttling_comes_from_context_when_given() -> None:
    settings = config({"throttleRate": "20", "throttleBurst": 40, "connectThrottleRate": 5})

    assert (settings.stage_throttle.rate_per_second, settings.stage_throttle.burst) == (20, 40)
    assert settings.connect_throttle.rate_per_second == 5
    assert settings.connect_throttle.burst == CONNECT_LIMITS.burst


def test_the_region_prefers_context_then_the_deployers_settings() -> None:
    cli_default = {"CDK_DEFAULT_REGION": "us-east-1"}

    assert config({"region": "eu-west-1"}, {"AWS_REGION": "us-west-2"}).region == "eu-west-1"
    assert config({}, {**cli_default, "AWS_DEFAULT_REGION": "ap-southeast-2"}).region == (
        "ap-southeast-2"
    )
    assert config({}, cli_default).region == "us-east-1"


@pytest.mark.parametrize(
    ("context", "key"),
    [
        ({"edge": "maybe"}, "edge"),
        ({"stageName": "Prod_1"}, "stageName"),
        ({"geoBlockCountries": "KPX"}, "geoBlockCountries"),
        ({"wafRateLimit": "5"}, "wafRateLimit"),
        ({"throttleRate": "-1"}, "throttleRate"),
        ({"throttleBurst": "many"}, "throttleBurst"),
    ],
)
def test_malformed_values_are_refused_naming_the_key(context: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError, match=key):
        config(context)


def test_a_higher_origin_secret_generation_is_read_from_the_command_line() -> None:
    assert config({}).origin_secret_generation == 1
    assert config({"originSecretGeneration": "2"}).origin_secret_generation == 2


def test_tracing_and_the_waf_actions_default_to_on_block_anonymizers_count_hosting() -> None:
    settings = config({})

    assert settings.tracing is True
    assert settings.waf_anonymous_ip_action == "block"
    assert settings.waf_hosting_provider_action == "count"


def test_tracing_and_the_waf_actions_come_from_context() -> None:
    settings = config(
        {"tracing": "false", "wafAnonymousIpAction": "Count", "wafHostingProviderAction": "block"}
    )

    assert settings.tracing is False
    assert settings.waf_anonymous_ip_action == "count"
    assert settings.waf_hosting_provider_action == "block"


@pytest.mark.parametrize("key", ["wafAnonymousIpAction", "wafHostingProviderAction"])
def test_a_waf_action_is_block_or_count(key: str) -> None:
    with pytest.raises(ConfigError, match=key):
        config({key: "allow"})


def test_stack_names_carry_the_stage() -> None:
    assert config({"stageName": "dev"}).stack_name("data") == "ourchat-dev-data"
