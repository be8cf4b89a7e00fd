"""The app's settings, read once from CDK context (cdk.json or `cdk -c key=value`).

Context given on the command line arrives as strings ("false", "KP,IR"); from cdk.json it
arrives as JSON values. Both are accepted. README.md ("Deploy to AWS") documents every key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ourchat.domain.limits import MAX_CONNECTIONS_PER_USER
from ourchat.throttling import STAGE_LIMITS, ThrottleLimits

DEFAULT_STAGE = "prod"
# The spec deploys to ap-southeast-2 (its AWS_DEFAULT_REGION); used when nothing else says.
FALLBACK_REGION = "ap-southeast-2"
# A reconnect storm (a deploy, a network blip) may bring every client back at once; beyond this
# each $connect costs an authorizer and a connect invocation, so it is capped well below the
# account's 500 new connections per second that other APIs of the account share.
CONNECT_LIMITS = ThrottleLimits(rate_per_second=50, burst=100)
# Connection attempts per client IP in WAF's 5-minute window: a reconnecting client needs a few.
DEFAULT_WAF_RATE_LIMIT = 300

WAF_ACTIONS = ("block", "count")

_STAGE_NAME = re.compile(r"^[a-z][a-z0-9-]{0,30}$")
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no"}

ContextGetter = Callable[[str], Any]


class ConfigError(ValueError):
    """A context value is malformed; the message names the key."""


def _as_bool(key: str, value: Any, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ConfigError(f"context {key} must be true or false, not {value!r}")


def _as_number(key: str, value: Any, default: float) -> float:
    if value is None:
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"context {key} must be a number, not {value!r}") from None
    if number <= 0:
        raise ConfigError(f"context {key} must be positive, not {value!r}")
    return number


def _as_list(key: str, value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        text = value.strip()
        items = json.loads(text) if text.startswith("[") else text.split(",")
    else:
        items = value
    if not isinstance(items, list):
        raise ConfigError(f"context {key} must be a list, not {value!r}")
    return tuple(str(item).strip() for item in items if str(item).strip())


def _waf_action(key: str, value: Any, default: str) -> str:
    if value is None or value == "":
        return default
    action = str(value).strip().lower()
    if action not in WAF_ACTIONS:
        raise ConfigError(f"context {key} must be block or count, not {value!r}")
    return action


def _throttle(get: ContextGetter, prefix: str, default: ThrottleLimits) -> ThrottleLimits:
    rate = _as_number(f"{prefix}Rate", get(f"{prefix}Rate"), default.rate_per_second)
    burst = _as_number(f"{prefix}Burst", get(f"{prefix}Burst"), default.burst)
    return ThrottleLimits(rate_per_second=rate, burst=int(burst))


@dataclass(frozen=True, slots=True)
class InfraConfig:
    """What to deploy, and where.

    Args:
        stage_name: The API stage, also part of every stack name and SSM path.
        region: The Region of every stack but the WebACL's (CloudFront's is us-east-1).
        account: The AWS account, or None for an account-agnostic synth.
        retain_data: Keep tables, their keys and the user pool when a stack is deleted.
        edge: Put CloudFront and WAF in front of the API and refuse direct connections.
        geo_block_countries: ISO 3166 alpha-2 codes the WebACL blocks.
        waf_rate_limit: Requests per client IP in 5 minutes before WAF blocks it.
        stage_throttle: The stage's default route throttling.
        connect_throttle: The `$connect` route's throttling.
        log_retention: A `aws_logs.RetentionDays` member name, e.g. ONE_MONTH.
        log_level: OURCHAT_LOG_LEVEL of every function.
        max_connections_per_user: How many live connections one user may hold ($connect
            refuses the next with 429).
        alarm_email: Where alarm notifications go, if anywhere.
        api_gateway_log_role: Set the account's API Gateway CloudWatch role (needed once per
            account and Region for WebSocket access logs).
        origin_secret_generation: Raising it replaces the CloudFront origin secret.
        references_generation: Raising it changes every stack that reads another's outputs,
            so that CloudFormation reads them again (after a producer's resource was replaced).
        tracing: Trace every function with X-Ray (active tracing).
        waf_anonymous_ip_action: `block` or `count` connections from anonymizers (VPNs,
            Tor, proxies: AnonymousIpList's AnonymousIPList rule).
        waf_hosting_provider_action: `block` or `count` connections from hosting and cloud
            providers (its HostingProviderIPList rule).
    """

    stage_name: str = DEFAULT_STAGE
    region: str = FALLBACK_REGION
    account: str | None = None
    retain_data: bool = True
    edge: bool = True
    geo_block_countries: tuple[str, ...] = ()
    waf_rate_limit: int = DEFAULT_WAF_RATE_LIMIT
    stage_throttle: ThrottleLimits = STAGE_LIMITS
    connect_throttle: ThrottleLimits = CONNECT_LIMITS
    log_retention: str = "ONE_MONTH"
    log_level: str = "INFO"
    alarm_email: str | None = None
    api_gateway_log_role: bool = True
    origin_secret_generation: int = 1
    max_connections_per_user: int = MAX_CONNECTIONS_PER_USER
    references_generation: int = 1
    tracing: bool = True
    waf_anonymous_ip_action: str = "block"
    waf_hosting_provider_action: str = "count"

    def __post_init__(self) -> None:
        if not _STAGE_NAME.match(self.stage_name):
            raise ConfigError(f"context stageName must match {_STAGE_NAME.pattern}")
        bad = [code for code in self.geo_block_countries if not _COUNTRY_CODE.match(code)]
        if bad:
            raise ConfigError(f"context geoBlockCountries has invalid codes: {bad}")
        if self.waf_rate_limit < 10:
            raise ConfigError("context wafRateLimit must be at least 10 (WAF's minimum)")
        if self.max_connections_per_user < 1:
            raise ConfigError("context maxConnectionsPerUser must be at least 1")
        for key, action in (
            ("wafAnonymousIpAction", self.waf_anonymous_ip_action),
            ("wafHostingProviderAction", self.waf_hosting_provider_action),
        ):
            _waf_action(key, action, "")

    @classmethod
    def from_context(cls, get: ContextGetter, environ: Mapping[str, str]) -> InfraConfig:
        """Read the settings from context, with the CLI's environment for account and Region.

        Args:
            get: Looks a context key up, e.g. `app.node.try_get_context`.
            environ: The process environment (CDK_DEFAULT_REGION, AWS_DEFAULT_REGION, ...).

        Raises:
            ConfigError: A value is malformed.
        """
        # The deployer's explicit Region first: the CLI's CDK_DEFAULT_REGION falls back to
        # us-east-1 when it finds no AWS configuration at all.
        region = (
            get("region")
            or environ.get("AWS_REGION")
            or environ.get("AWS_DEFAULT_REGION")
            or environ.get("CDK_DEFAULT_REGION")
            or FALLBACK_REGION
        )
        return cls(
            stage_name=str(get("stageName") or DEFAULT_STAGE),
            region=str(region),
            account=get("account") or environ.get("CDK_DEFAULT_ACCOUNT") or None,
            retain_data=_as_bool("retainData", get("retainData"), True),
            edge=_as_bool("edge", get("edge"), True),
            geo_block_countries=_as_list("geoBlockCountries", get("geoBlockCountries")),
            waf_rate_limit=int(
                _as_number("wafRateLimit", get("wafRateLimit"), DEFAULT_WAF_RATE_LIMIT)
            ),
            stage_throttle=_throttle(get, "throttle", STAGE_LIMITS),
            connect_throttle=_throttle(get, "connectThrottle", CONNECT_LIMITS),
            log_retention=str(get("logRetention") or "ONE_MONTH"),
            log_level=str(get("logLevel") or "INFO").upper(),
            alarm_email=get("alarmEmail") or None,
            api_gateway_log_role=_as_bool("apiGatewayLogRole", get("apiGatewayLogRole"), True),
            origin_secret_generation=int(
                _as_number("originSecretGeneration", get("originSecretGeneration"), 1)
            ),
            max_connections_per_user=int(
                _as_number(
                    "maxConnectionsPerUser",
                    get("maxConnectionsPerUser"),
                    MAX_CONNECTIONS_PER_USER,
                )
            ),
            references_generation=int(
                _as_number("referencesGeneration", get("referencesGeneration"), 1)
            ),
            tracing=_as_bool("tracing", get("tracing"), True),
            waf_anonymous_ip_action=_waf_action(
                "wafAnonymousIpAction", get("wafAnonymousIpAction"), "block"
            ),
            waf_hosting_provider_action=_waf_action(
                "wafHostingProviderAction", get("wafHostingProviderAction"), "count"
            ),
        )

    def stack_name(self, part: str) -> str:
        """Return the name of one of the app's stacks, e.g. `ourchat-prod-data`."""
        return f"ourchat-{self.stage_name}-{part}"
