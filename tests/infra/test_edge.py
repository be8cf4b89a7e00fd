"""The edge: a CLOUDFRONT WebACL in us-east-1 with its four rule kinds, attached to CloudFront,
which forwards the WebSocket handshake and proves itself to the authorizer."""

from __future__ import annotations

from typing import Any

import pytest

from ourchat.gateway.site import content_security_policy
from ourchat.handlers.authorizer import ORIGIN_HEADER
from ourchat_infra.config import InfraConfig
from ourchat_infra.waf_stack import ANONYMOUS_IP_GROUP, web_acl_rules
from tests.support.synth import CDK_CONTEXT, Json, Synthesized, logical_id

ORIGIN_SECRET_REFERENCE = "{{resolve:secretsmanager:ourchat/prod/origin-secret-v1:SecretString:::}}"

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"


def web_acl(synthesized: Synthesized) -> Json:
    waf = synthesized.stacks.waf
    assert waf is not None
    [acl] = synthesized.resources(waf, "AWS::WAFv2::WebACL").values()
    return acl


def distribution_config(synthesized: Synthesized) -> Json:
    edge = synthesized.stacks.edge
    assert edge is not None
    [distribution] = synthesized.resources(edge, "AWS::CloudFront::Distribution").values()
    config: Json = distribution["Properties"]["DistributionConfig"]
    return config


def test_the_web_acl_is_a_cloudfront_one_in_us_east_1(synthesized: Synthesized) -> None:
    waf = synthesized.stacks.waf

    assert waf is not None
    assert waf.region == "us-east-1"
    assert web_acl(synthesized)["Properties"]["Scope"] == "CLOUDFRONT"
    assert web_acl(synthesized)["Properties"]["DefaultAction"] == {"Allow": {}}


def test_the_web_acl_has_the_four_rule_kinds(synthesized: Synthesized) -> None:
    rules = {rule["Name"]: rule for rule in web_acl(synthesized)["Properties"]["Rules"]}
    statements = {name: rule["Statement"] for name, rule in rules.items()}

    managed = {
        s["ManagedRuleGroupStatement"]["Name"]
        for s in statements.values()
        if "ManagedRuleGroupStatement" in s
    }
    assert managed == {"AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesAnonymousIpList"}
    assert statements["GeoBlock"]["GeoMatchStatement"]["CountryCodes"] == list(
        CDK_CONTEXT["geoBlockCountries"]
    )
    assert rules["GeoBlock"]["Action"] == {"Block": {}}
    rate = statements["RateLimitPerIp"]["RateBasedStatement"]
    assert rate == {
        "AggregateKeyType": "IP",
        "Limit": CDK_CONTEXT["wafRateLimit"],
        "EvaluationWindowSec": 300,
    }
    assert rules["RateLimitPerIp"]["Action"] == {"Block": {}}
    assert sorted(rule["Priority"] for rule in rules.values()) == [0, 1, 2, 3]


def anonymous_ip_overrides(config: InfraConfig) -> dict[str, str]:
    """Return the AnonymousIpList group's rule action overrides: rule name to action."""
    rules: dict[str, Any] = {rule.name: rule for rule in web_acl_rules(config)}
    statement = rules[ANONYMOUS_IP_GROUP].statement.managed_rule_group_statement
    overrides: list[Any] = statement.rule_action_overrides or []
    return {
        override.name: next(
            action for action in ("block", "count") if getattr(override.action_to_use, action)
        )
        for override in overrides
    }


def test_anonymizers_are_blocked_and_hosting_providers_counted_by_default(
    synthesized: Synthesized,
) -> None:
    rules = {rule["Name"]: rule for rule in web_acl(synthesized)["Properties"]["Rules"]}

    statement = rules[ANONYMOUS_IP_GROUP]["Statement"]["ManagedRuleGroupStatement"]

    assert statement["RuleActionOverrides"] == [
        {"Name": "AnonymousIPList", "ActionToUse": {"Block": {}}},
        {"Name": "HostingProviderIPList", "ActionToUse": {"Count": {}}},
    ]


@pytest.mark.parametrize(
    ("anonymous", "hosting"), [("count", "block"), ("block", "block"), ("count", "count")]
)
def test_each_anonymous_ip_rule_takes_its_action_from_context(anonymous: str, hosting: str) -> None:
    config = InfraConfig(waf_anonymous_ip_action=anonymous, waf_hosting_provider_action=hosting)

    assert anonymous_ip_overrides(config) == {
        "AnonymousIPList": anonymous,
        "HostingProviderIPList": hosting,
    }


def test_the_web_acl_is_attached_to_the_distribution(synthesized: Synthesized) -> None:
    waf = synthesized.stacks.waf
    assert waf is not None

    web_acl_id = distribution_config(synthesized)["WebACLId"]

    assert web_acl_id["Fn::GetStackOutput"]["Region"] == "us-east-1"
    assert synthesized.origin(web_acl_id) == (waf.stack_name, logical_id(waf.web_acl))
    output = web_acl_id["Fn::GetStackOutput"]["OutputName"]
    assert synthesized.json(waf)["Outputs"][output]["Value"]["Fn::GetAtt"][1] == "Arn"


def test_cloudfront_forwards_the_handshake_token_and_viewer_and_caches_nothing(
    synthesized: Synthesized,
) -> None:
    edge = synthesized.stacks.edge
    assert edge is not None
    behavior = distribution_config(synthesized)["DefaultCacheBehavior"]
    policies = synthesized.resources(edge, "AWS::CloudFront::OriginRequestPolicy")

    policy = policies[behavior["OriginRequestPolicyId"]["Ref"]]["Properties"]

    headers = policy["OriginRequestPolicyConfig"]["HeadersConfig"]["Headers"]
    assert {"Sec-WebSocket-Key", "Sec-WebSocket-Version"} <= set(headers)
    assert {"Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"} <= set(headers)
    assert "Host" not in headers
    # The viewer's address, which the authorizer hands to the stage's access log
    assert "CloudFront-Viewer-Address" in headers
    assert policy["OriginRequestPolicyConfig"]["QueryStringsConfig"]["QueryStrings"] == ["token"]
    assert behavior["CachePolicyId"] == CACHING_DISABLED
    assert behavior["ViewerProtocolPolicy"] == "https-only"


def test_cloudfront_reaches_the_api_stage_with_the_origin_secret(
    synthesized: Synthesized,
) -> None:
    api = synthesized.stacks.api
    [origin] = distribution_config(synthesized)["Origins"]

    [header] = origin["OriginCustomHeaders"]

    assert "OriginPath" not in origin
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert origin["CustomOriginConfig"]["OriginSSLProtocols"] == ["TLSv1.2"]
    domain = origin["DomainName"]["Fn::Join"][1]
    assert synthesized.origin(domain[0]) == (api.stack_name, logical_id(api.api))
    assert header["HeaderName"] == ORIGIN_HEADER
    assert header["HeaderValue"] == ORIGIN_SECRET_REFERENCE


def test_cloudfront_keeps_no_standard_logs_whose_query_strings_hold_tokens(
    synthesized: Synthesized,
) -> None:
    # cs-uri-query of every handshake would be `token=<ID token>`; the stage's access log
    # records each connection instead, with the viewer's address.
    edge = synthesized.stacks.edge
    assert edge is not None

    assert "Logging" not in distribution_config(synthesized)
    assert synthesized.resources(edge, "AWS::S3::Bucket") == {}
    for app_stack in synthesized.stacks.all():
        assert synthesized.resources(app_stack, "AWS::Logs::DeliverySource") == {}
        assert synthesized.resources(app_stack, "AWS::CloudFront::RealtimeLogConfig") == {}


def test_every_response_carries_the_web_clients_security_headers(
    synthesized: Synthesized,
) -> None:
    # The same policy as the local server's, whose connect-src the page's own origin
    # ('self', which matches wss:// of an https:// page) and which no other origin may frame.
    edge = synthesized.stacks.edge
    assert edge is not None
    behavior = distribution_config(synthesized)["DefaultCacheBehavior"]
    policies = synthesized.resources(edge, "AWS::CloudFront::ResponseHeadersPolicy")

    config = policies[behavior["ResponseHeadersPolicyId"]["Ref"]]["Properties"]

    headers = config["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    csp = headers["ContentSecurityPolicy"]
    assert csp == {"ContentSecurityPolicy": content_security_policy(), "Override": True}
    assert "frame-ancestors 'none'" in csp["ContentSecurityPolicy"].split("; ")
    assert "connect-src 'self'" in csp["ContentSecurityPolicy"].split("; ")
    assert headers["ContentTypeOptions"] == {"Override": True}
    assert headers["FrameOptions"] == {"FrameOption": "DENY", "Override": True}
    assert headers["ReferrerPolicy"] == {"ReferrerPolicy": "no-referrer", "Override": True}
    hsts = headers["StrictTransportSecurity"]
    assert hsts["AccessControlMaxAgeSec"] >= 31_536_000
    assert hsts["Override"] is True


def test_the_outputs_give_the_wss_url_through_cloudfront(synthesized: Synthesized) -> None:
    edge = synthesized.stacks.edge
    assert edge is not None

    url = synthesized.json(edge)["Outputs"]["EdgeWebSocketUrl"]["Value"]["Fn::Join"][1]

    assert url[0] == "wss://"
    assert url[-1] == "/prod"


def test_the_edge_flag_off_leaves_out_waf_cloudfront_and_the_secret(
    synthesized_bare: Synthesized,
) -> None:
    stacks = synthesized_bare.stacks

    assert stacks.waf is None
    assert stacks.edge is None
    assert synthesized_bare.resources(stacks.api, "AWS::SecretsManager::Secret") == {}
    assert [s.stack_name for s in stacks.all()] == [
        "ourchat-dev-data",
        "ourchat-dev-auth",
        "ourchat-dev-api",
        "ourchat-dev-monitoring",
    ]
