"""Each function gets only the environment variables its code reads, with the right values."""

from __future__ import annotations

import pytest

from ourchat.adapters.dynamodb.tables import ALL_TABLES, table_name_env_var
from ourchat.domain.limits import MAX_CONNECTIONS_PER_USER
from ourchat.routes import FANOUT, ROUTES, Route
from ourchat.settings import DEFAULT_HANDOFF_THRESHOLD
from ourchat_infra.route_access import tables_of
from tests.support.synth import Json, Synthesized, logical_id

DEFINITIONS = {t.logical_name: t for t in ALL_TABLES}


def environment_of(synthesized: Synthesized, function: object) -> Json:
    api = synthesized.stacks.api
    resource = synthesized.json(api)["Resources"][logical_id(function)]
    variables: Json = resource["Properties"]["Environment"]["Variables"]
    return variables


@pytest.mark.parametrize("route", [pytest.param(r, id=r.key) for r in ROUTES])
def test_a_route_gets_its_tables_and_the_endpoint_only_if_it_pushes(
    synthesized: Synthesized, route: Route
) -> None:
    api, data = synthesized.stacks.api, synthesized.stacks.data
    tables = tables_of(route)

    environment = environment_of(synthesized, api.route_functions[route.key].function)

    expected = {"OURCHAT_LOG_LEVEL"} | {table_name_env_var(DEFINITIONS[t]) for t in tables}
    if tables:
        expected.add("OURCHAT_STORE")
    if route.pushes:
        expected |= {
            "OURCHAT_MANAGEMENT_ENDPOINT",
            "OURCHAT_FANOUT_QUEUE_URL",
            "OURCHAT_HANDOFF_THRESHOLD",
        }
    if route.key == "$connect":
        expected.add("OURCHAT_MAX_CONNECTIONS_PER_USER")
    assert set(environment) == expected
    for name in tables:
        value = environment[table_name_env_var(DEFINITIONS[name])]
        assert synthesized.origin(value) == (data.stack_name, logical_id(data.tables[name]))


def test_pushes_go_to_the_apis_own_execute_api_endpoint(synthesized: Synthesized) -> None:
    api = synthesized.stacks.api
    pushing = next(route for route in ROUTES if route.pushes)

    endpoint = environment_of(synthesized, api.route_functions[pushing.key].function)[
        "OURCHAT_MANAGEMENT_ENDPOINT"
    ]

    parts = endpoint["Fn::Join"][1]
    assert parts[0] == "https://"
    assert parts[1] == {"Ref": logical_id(api.api)}
    assert parts[2] == ".execute-api.ap-southeast-2."
    assert parts[-1] == "/prod"


def test_the_authorizer_verifies_cognito_tokens_of_this_pool_and_client(
    synthesized: Synthesized,
) -> None:
    api, auth = synthesized.stacks.api, synthesized.stacks.auth

    environment = environment_of(synthesized, api.functions["Authorizer"].function)

    assert environment["OURCHAT_AUTH_MODE"] == "cognito"
    assert synthesized.origin(environment["OURCHAT_JWT_AUDIENCE"]) == (
        auth.stack_name,
        logical_id(auth.client),
    )
    issuer = environment["OURCHAT_JWT_ISSUER"]["Fn::Join"][1]
    assert issuer[0] == "https://"
    assert synthesized.origin(issuer[1]) == (auth.stack_name, logical_id(auth.user_pool))
    assert not any(name.startswith("OURCHAT_TABLE_") for name in environment)


def test_the_authorizer_checks_the_origin_secret_only_with_the_edge(
    synthesized: Synthesized, synthesized_bare: Synthesized
) -> None:
    api = synthesized.stacks.api
    assert api.origin_secret is not None
    resources = synthesized.json(api)["Resources"]
    authorizer = resources[logical_id(api.functions["Authorizer"].function)]

    with_edge = environment_of(synthesized, api.functions["Authorizer"].function)
    without_edge = environment_of(
        synthesized_bare, synthesized_bare.stacks.api.functions["Authorizer"].function
    )

    assert with_edge["OURCHAT_ORIGIN_SECRET"] == (
        "{{resolve:secretsmanager:ourchat/prod/origin-secret-v1:SecretString:::}}"
    )
    assert logical_id(api.origin_secret.secret) in authorizer["DependsOn"]
    secret = resources[logical_id(api.origin_secret.secret)]
    assert secret["Properties"]["Name"] == "ourchat/prod/origin-secret-v1"
    assert "OURCHAT_ORIGIN_SECRET" not in without_edge


def test_pushing_routes_hand_large_fan_outs_to_the_fanout_queue(synthesized: Synthesized) -> None:
    api = synthesized.stacks.api
    queue = api.consumer_queues[FANOUT.name].queue

    for route in (r for r in ROUTES if r.pushes):
        environment = environment_of(synthesized, api.route_functions[route.key].function)
        assert environment["OURCHAT_FANOUT_QUEUE_URL"] == {"Ref": logical_id(queue)}
        assert environment["OURCHAT_HANDOFF_THRESHOLD"] == str(DEFAULT_HANDOFF_THRESHOLD)


def test_the_fanout_consumer_gets_its_tables_and_the_endpoint_but_no_queue(
    synthesized: Synthesized,
) -> None:
    api = synthesized.stacks.api

    environment = environment_of(synthesized, api.functions["FanoutConsumer"].function)

    assert "OURCHAT_MANAGEMENT_ENDPOINT" in environment
    assert "OURCHAT_FANOUT_QUEUE_URL" not in environment  # it pushes everything itself
    assert {table_name_env_var(DEFINITIONS[t]) for t in tables_of(FANOUT)} <= set(environment)


def test_max_connections_per_user_of_the_context_reaches_connect(
    synthesized: Synthesized, synthesized_bare: Synthesized
) -> None:
    # The default app leaves the cap to the code's default; the bare one sets it with -c
    assert synthesized.app.node.try_get_context("maxConnectionsPerUser") is None
    cap = synthesized_bare.app.node.try_get_context("maxConnectionsPerUser")
    assert cap == "7" != str(MAX_CONNECTIONS_PER_USER)
    for app, expected in ((synthesized, str(MAX_CONNECTIONS_PER_USER)), (synthesized_bare, cap)):
        connect = app.stacks.api.route_functions["$connect"].function
        assert environment_of(app, connect)["OURCHAT_MAX_CONNECTIONS_PER_USER"] == expected
