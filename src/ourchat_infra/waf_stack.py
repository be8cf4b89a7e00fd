"""The WebACL in front of CloudFront (scope CLOUDFRONT, so it lives in us-east-1).

WAF cannot attach to a WebSocket API; it filters the HTTP upgrade requests CloudFront
receives, i.e. connection attempts. Frames on an open socket never pass through WAF.
Rules, in order: AWS's IP-reputation and anonymous-IP managed groups, a geo block from
context `geoBlockCountries` (left out when the list is empty), and a per-IP rate limit.
The anonymous-IP group's two rules take their actions from context: anonymizers (VPNs, Tor,
proxies) are blocked and hosting providers only counted by default, since chat clients on
cloud desktops, corporate egress or privacy relays come from those ranges too.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from ourchat_infra.config import InfraConfig

WAF_REGION = "us-east-1"
IP_REPUTATION_GROUP = "AWSManagedRulesAmazonIpReputationList"
ANONYMOUS_IP_GROUP = "AWSManagedRulesAnonymousIpList"
# The two rules of the anonymous-IP group, as AWS names them.
ANONYMOUS_IP_RULE = "AnonymousIPList"
HOSTING_PROVIDER_RULE = "HostingProviderIPList"
RATE_WINDOW_SECONDS = 300


def _visibility(metric_name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=metric_name, sampled_requests_enabled=True
    )


def _action(action: str) -> wafv2.CfnWebACL.RuleActionProperty:
    if action == "count":
        return wafv2.CfnWebACL.RuleActionProperty(count=wafv2.CfnWebACL.CountActionProperty())
    return wafv2.CfnWebACL.RuleActionProperty(block=wafv2.CfnWebACL.BlockActionProperty())


def _managed_group(
    name: str, priority: int, rule_actions: dict[str, str] | None = None
) -> wafv2.CfnWebACL.RuleProperty:
    overrides = [
        wafv2.CfnWebACL.RuleActionOverrideProperty(name=rule, action_to_use=_action(action))
        for rule, action in (rule_actions or {}).items()
    ]
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        statement=wafv2.CfnWebACL.StatementProperty(
            managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS", name=name, rule_action_overrides=overrides or None
            )
        ),
        override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
        visibility_config=_visibility(name),
    )


def _blocking(
    name: str, priority: int, statement: wafv2.CfnWebACL.StatementProperty
) -> wafv2.CfnWebACL.RuleProperty:
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        statement=statement,
        action=_action("block"),
        visibility_config=_visibility(name),
    )


def web_acl_rules(config: InfraConfig) -> list[wafv2.CfnWebACL.RuleProperty]:
    """Return the WebACL's rules, highest priority first."""
    anonymous_ip_actions = {
        ANONYMOUS_IP_RULE: config.waf_anonymous_ip_action,
        HOSTING_PROVIDER_RULE: config.waf_hosting_provider_action,
    }
    rules = [
        _managed_group(IP_REPUTATION_GROUP, 0),
        _managed_group(ANONYMOUS_IP_GROUP, 1, anonymous_ip_actions),
    ]
    if config.geo_block_countries:
        geo = wafv2.CfnWebACL.GeoMatchStatementProperty(
            country_codes=list(config.geo_block_countries)
        )
        rules.append(
            _blocking("GeoBlock", 2, wafv2.CfnWebACL.StatementProperty(geo_match_statement=geo))
        )
    rate = wafv2.CfnWebACL.RateBasedStatementProperty(
        aggregate_key_type="IP",
        limit=config.waf_rate_limit,
        evaluation_window_sec=RATE_WINDOW_SECONDS,
    )
    rules.append(
        _blocking("RateLimitPerIp", 3, wafv2.CfnWebACL.StatementProperty(rate_based_statement=rate))
    )
    return rules


class WafStack(cdk.Stack):
    """The CloudFront WebACL.

    Attributes:
        web_acl: The WebACL; its ARN is what CloudFront's WebACLId takes.
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, config: InfraConfig, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.web_acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            name=f"ourchat-{config.stage_name}",
            description="Filters WebSocket connection attempts to ourchat",
            scope="CLOUDFRONT",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(
                allow=wafv2.CfnWebACL.AllowActionProperty()
            ),
            visibility_config=_visibility(f"ourchat-{config.stage_name}"),
            rules=web_acl_rules(config),
        )
