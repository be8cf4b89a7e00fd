"""The WebSocket stage: auto-deployed, JSON access logs, throttled (`$connect` more tightly).

Stage throttling is one token bucket for the whole API (`ourchat.throttling` explains the
numbers); `$connect` gets its own, smaller one, since every connection attempt costs an
authorizer and a connect invocation.
"""

from __future__ import annotations

from collections.abc import Sequence

import aws_cdk as cdk
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_logs as logs
from constructs import Construct

from ourchat_infra.access_log import JsonAccessLog
from ourchat_infra.api_logging import ApiGatewayLogRole
from ourchat_infra.config import InfraConfig
from ourchat_infra.nag import cfn_resource

CONNECT_ROUTE = "$connect"


def build_stage(
    scope: Construct,
    *,
    api: apigwv2.WebSocketApi,
    routes: Sequence[apigwv2.WebSocketRoute],
    config: InfraConfig,
    removal_policy: cdk.RemovalPolicy,
) -> apigwv2.WebSocketStage:
    """Return the API's stage, created after every route (its route settings name them)."""
    access_logs = logs.LogGroup(
        scope,
        "AccessLogs",
        retention=logs.RetentionDays[config.log_retention],
        removal_policy=removal_policy,
    )
    stage = apigwv2.WebSocketStage(
        scope,
        "Stage",
        web_socket_api=api,
        stage_name=config.stage_name,
        auto_deploy=True,
        throttle=apigwv2.ThrottleSettings(
            rate_limit=config.stage_throttle.rate_per_second,
            burst_limit=config.stage_throttle.burst,
        ),
        access_log_settings=JsonAccessLog(access_logs),
    )
    cfn_resource(stage).add_property_override(
        "RouteSettings",
        {
            CONNECT_ROUTE: {
                "ThrottlingRateLimit": config.connect_throttle.rate_per_second,
                "ThrottlingBurstLimit": config.connect_throttle.burst,
            }
        },
    )
    for route in routes:
        stage.node.add_dependency(route)
    if config.api_gateway_log_role:
        stage.node.add_dependency(ApiGatewayLogRole(scope, "ApiGatewayLogRole"))
    return stage
