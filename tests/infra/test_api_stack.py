"""The API stack: every manifest route with its integration and function, and the stage."""

from __future__ import annotations

import json

import pytest
from aws_cdk.assertions import Match

from ourchat.routes import (
    AUTHORIZER_HANDLER,
    CONSUMERS,
    IDENTITY_SOURCE,
    ORIGIN_IDENTITY_SOURCE,
    ROUTE_SELECTION_EXPRESSION,
    ROUTES,
    Route,
)
from ourchat.throttling import STAGE_LIMITS
from ourchat_infra.api_stack import PUSH_MEMORY_MB
from ourchat_infra.bundling import LAMBDA_RUNTIME
from ourchat_infra.config import CONNECT_LIMITS
from ourchat_infra.functions import DEFAULT_MEMORY_MB
from tests.support.synth import Json, Synthesized, logical_id

ROUTE_PARAMS = [pytest.param(route, id=route.key) for route in ROUTES]


def route_resource(synthesized: Synthesized, key: str) -> Json:
    routes = synthesized.resources(synthesized.stacks.api, "AWS::ApiGatewayV2::Route")
    return next(r for r in routes.values() if r["Properties"]["RouteKey"] == key)


def invoked_function(uri: Json) -> str:
    """Return the logical id of the function a Lambda integration or authorizer invokes."""
    parts = uri["Fn::Join"][1]
    return str(next(p["Fn::GetAtt"][0] for p in parts if isinstance(p, dict)))


def test_the_api_uses_the_manifests_route_selection_expression(synthesized: Synthesized) -> None:
    synthesized.template(synthesized.stacks.api).has_resource_properties(
        "AWS::ApiGatewayV2::Api",
        {"ProtocolType": "WEBSOCKET", "RouteSelectionExpression": ROUTE_SELECTION_EXPRESSION},
    )


def test_there_is_exactly_one_route_per_manifest_route(synthesized: Synthesized) -> None:
    routes = synthesized.resources(synthesized.stacks.api, "AWS::ApiGatewayV2::Route")

    assert sorted(r["Properties"]["RouteKey"] for r in routes.values()) == sorted(
        route.key for route in ROUTES
    )


@pytest.mark.parametrize("route", ROUTE_PARAMS)
def test_every_route_invokes_its_own_function_with_its_handler(
    synthesized: Synthesized, route: Route
) -> None:
    api = synthesized.stacks.api
    resources = synthesized.json(api)["Resources"]
    target = route_resource(synthesized, route.key)["Properties"]["Target"]
    integration_id = target["Fn::Join"][1][1]["Ref"]

    function_id = invoked_function(resources[integration_id]["Properties"]["IntegrationUri"])

    assert resources[integration_id]["Properties"]["IntegrationType"] == "AWS_PROXY"
    assert function_id == logical_id(api.route_functions[route.key].function)
    assert resources[function_id]["Properties"]["Handler"] == route.handler


@pytest.mark.parametrize("route", ROUTE_PARAMS)
def test_two_way_routes_and_only_they_answer_the_client(
    synthesized: Synthesized, route: Route
) -> None:
    responses = synthesized.resources(synthesized.stacks.api, "AWS::ApiGatewayV2::RouteResponse")
    route_id = next(
        k
        for k, r in synthesized.resources(
            synthesized.stacks.api, "AWS::ApiGatewayV2::Route"
        ).items()
        if r["Properties"]["RouteKey"] == route.key
    )
    answering = [r for r in responses.values() if r["Properties"]["RouteId"] == {"Ref": route_id}]

    if route.two_way:
        assert [r["Properties"]["RouteResponseKey"] for r in answering] == ["$default"]
        selection = route_resource(synthesized, route.key)["Properties"]
        assert selection["RouteResponseSelectionExpression"] == "$default"
    else:
        assert answering == []


def test_only_connect_is_authorized_by_the_token_authorizer(synthesized: Synthesized) -> None:
    api = synthesized.stacks.api
    resources = synthesized.json(api)["Resources"]
    authorizers = synthesized.resources(api, "AWS::ApiGatewayV2::Authorizer")
    [(authorizer_id, authorizer)] = authorizers.items()

    function_id = invoked_function(authorizer["Properties"]["AuthorizerUri"])

    assert authorizer["Properties"]["AuthorizerType"] == "REQUEST"
    assert authorizer["Properties"]["IdentitySource"] == [ORIGIN_IDENTITY_SOURCE, IDENTITY_SOURCE]
    assert resources[function_id]["Properties"]["Handler"] == AUTHORIZER_HANDLER
    for route in ROUTES:
        properties = route_resource(synthesized, route.key)["Properties"]
        if route.key == "$connect":
            assert properties["AuthorizationType"] == "CUSTOM"
            assert properties["AuthorizerId"] == {"Ref": authorizer_id}
        else:
            assert properties.get("AuthorizationType", "NONE") == "NONE"
            assert "AuthorizerId" not in properties


def test_without_the_edge_only_the_token_is_an_identity_source(
    synthesized_bare: Synthesized,
) -> None:
    authorizers = synthesized_bare.resources(
        synthesized_bare.stacks.api, "AWS::ApiGatewayV2::Authorizer"
    )

    [authorizer] = authorizers.values()

    assert authorizer["Properties"]["IdentitySource"] == [IDENTITY_SOURCE]


XRAY_ACTIONS = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}


def role_actions(synthesized: Synthesized, function: Json) -> set[str]:
    resources = synthesized.json(synthesized.stacks.api)["Resources"]
    role = resources[function["Properties"]["Role"]["Fn::GetAtt"][0]]
    actions: set[str] = set()
    for policy in role["Properties"].get("Policies", []):
        for statement in policy["PolicyDocument"]["Statement"]:
            action = statement["Action"]
            actions |= {action} if isinstance(action, str) else set(action)
    return actions


def test_every_function_is_traced_with_x_ray_by_default(synthesized: Synthesized) -> None:
    functions = synthesized.resources(synthesized.stacks.api, "AWS::Lambda::Function")

    for function in functions.values():
        assert function["Properties"]["TracingConfig"] == {"Mode": "Active"}
        assert role_actions(synthesized, function) >= XRAY_ACTIONS


def test_tracing_off_leaves_functions_and_roles_without_x_ray(
    synthesized_bare: Synthesized,
) -> None:
    functions = synthesized_bare.resources(synthesized_bare.stacks.api, "AWS::Lambda::Function")

    for function in functions.values():
        assert "TracingConfig" not in function["Properties"]
        assert not role_actions(synthesized_bare, function) & XRAY_ACTIONS


def test_every_function_runs_arm64_on_the_newest_python_with_json_logs(
    synthesized: Synthesized,
) -> None:
    api = synthesized.stacks.api
    functions = synthesized.resources(api, "AWS::Lambda::Function")
    log_groups = synthesized.resources(api, "AWS::Logs::LogGroup")

    assert len(functions) == len(ROUTES) + 1 + len(CONSUMERS)
    for function in functions.values():
        properties = function["Properties"]
        assert properties["Runtime"] == LAMBDA_RUNTIME.name
        assert properties["Architectures"] == ["arm64"]
        assert properties["LoggingConfig"]["LogFormat"] == "JSON"
        log_group = log_groups[properties["LoggingConfig"]["LogGroup"]["Ref"]]
        assert log_group["Properties"]["RetentionInDays"] == 30


@pytest.mark.parametrize("route", ROUTE_PARAMS)
def test_pushing_functions_get_a_whole_vcpu_and_time_for_large_fan_outs(
    synthesized: Synthesized, route: Route
) -> None:
    api = synthesized.stacks.api
    resources = synthesized.json(api)["Resources"]
    properties = resources[logical_id(api.route_functions[route.key].function)]["Properties"]
    expected = (PUSH_MEMORY_MB, 25) if route.pushes else (DEFAULT_MEMORY_MB, 10)
    assert (properties["MemorySize"], properties["Timeout"]) == expected


def test_every_function_has_a_role_of_its_own(synthesized: Synthesized) -> None:
    functions = synthesized.resources(synthesized.stacks.api, "AWS::Lambda::Function")

    roles = [f["Properties"]["Role"]["Fn::GetAtt"][0] for f in functions.values()]

    assert len(set(roles)) == len(functions)


def test_the_stage_logs_json_access_lines_and_is_throttled(synthesized: Synthesized) -> None:
    api = synthesized.stacks.api
    [stage] = synthesized.resources(api, "AWS::ApiGatewayV2::Stage").values()
    properties = stage["Properties"]

    access_log = json.loads(properties["AccessLogSettings"]["Format"])

    assert access_log["requestId"] == "$context.requestId"
    assert access_log["routeKey"] == "$context.routeKey"
    # Behind CloudFront, sourceIp is CloudFront's; the authorizer passes the viewer's on.
    assert access_log["viewerAddress"] == "$context.authorizer.viewerAddress"
    assert properties["AccessLogSettings"]["DestinationArn"]["Fn::GetAtt"][1] == "Arn"
    assert properties["StageName"] == "prod"
    assert properties["DefaultRouteSettings"] == {
        "ThrottlingRateLimit": STAGE_LIMITS.rate_per_second,
        "ThrottlingBurstLimit": STAGE_LIMITS.burst,
    }
    assert properties["RouteSettings"] == {
        "$connect": {
            "ThrottlingRateLimit": CONNECT_LIMITS.rate_per_second,
            "ThrottlingBurstLimit": CONNECT_LIMITS.burst,
        }
    }


def test_the_account_has_an_api_gateway_logging_role(synthesized: Synthesized) -> None:
    synthesized.template(synthesized.stacks.api).has_resource_properties(
        "AWS::ApiGateway::Account", {"CloudWatchRoleArn": Match.any_value()}
    )


def test_the_account_wide_logging_role_outlives_the_stack(synthesized: Synthesized) -> None:
    # Other APIs of the account and Region log with it: deleting the stack must not
    # remove it or unset it (as CDK's RestApi does it).
    api = synthesized.stacks.api
    resources = synthesized.json(api)["Resources"]
    [account] = synthesized.resources(api, "AWS::ApiGateway::Account").values()
    role = resources[account["Properties"]["CloudWatchRoleArn"]["Fn::GetAtt"][0]]

    for resource in (account, role):
        assert resource["DeletionPolicy"] == "Retain"
        assert resource["UpdateReplacePolicy"] == "Retain"


def test_the_outputs_give_the_direct_wss_url(synthesized: Synthesized) -> None:
    outputs = synthesized.json(synthesized.stacks.api)["Outputs"]

    url = json.dumps(outputs["WebSocketUrl"]["Value"])

    assert url.startswith('{"Fn::Join": ["", ["wss://"')
    assert url.endswith('"/prod"]]}')
