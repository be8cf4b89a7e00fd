"""The authorizer's policy evaluation and identity sources."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from ourchat.gateway.authorizer_call import (
    AUTHORIZER_FAILURE,
    FORBIDDEN,
    Allowed,
    evaluate,
    identity_sources_present,
)
from ourchat.gateway.events import UpgradeRequest, method_arn

ARN = method_arn("dev")


def a_result(*statements: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "principalId": "user-1",
        "policyDocument": {"Version": "2012-10-17", "Statement": list(statements)},
        **extra,
    }


def statement(
    effect: str, resource: str | list[str] = ARN, action: str = "execute-api:Invoke"
) -> dict[str, Any]:
    return {"Effect": effect, "Action": action, "Resource": resource}


def test_allow_passes_principal_and_context_on() -> None:
    decision = evaluate(
        a_result(statement("Allow"), context={"userId": "u1", "n": 2, "b": True}), ARN
    )

    assert decision == Allowed({"userId": "u1", "n": 2, "b": True, "principalId": "user-1"})


@pytest.mark.parametrize(
    "resource",
    [
        "arn:aws:execute-api:*:*:*",
        "arn:aws:execute-api:local:000000000000:local/*",
        "arn:aws:execute-api:local:000000000000:local/dev/$conn?ct",
        ["arn:aws:execute-api:x:1:other/dev/$connect", ARN],
    ],
)
def test_wildcards_and_lists_match_the_method_arn(resource: str | list[str]) -> None:
    assert isinstance(evaluate(a_result(statement("Allow", resource)), ARN), Allowed)


def test_an_explicit_deny_wins_over_an_allow() -> None:
    assert evaluate(a_result(statement("Allow"), statement("Deny", "*")), ARN) == FORBIDDEN


@pytest.mark.parametrize(
    "result",
    [
        a_result(),
        a_result(statement("Allow", "arn:aws:execute-api:local:000000000000:local/prod/$connect")),
        a_result(statement("Allow", action="execute-api:ManageConnections")),
        a_result(statement("Deny")),
    ],
)
def test_no_applicable_allow_is_forbidden(result: dict[str, Any]) -> None:
    assert evaluate(result, ARN) == FORBIDDEN


def test_a_single_statement_object_is_accepted() -> None:
    result = {"principalId": "p", "policyDocument": {"Statement": statement("Allow")}}

    assert isinstance(evaluate(result, ARN), Allowed)


@pytest.mark.parametrize(
    "result",
    [
        None,
        "Allow",
        {"policyDocument": {"Statement": [statement("Allow")]}},
        a_result(statement("Allow"), principalId=7),
        {"principalId": "p", "policyDocument": "allow all"},
        a_result(statement("Maybe")),
        a_result({"Effect": "Allow", "Action": 1, "Resource": ARN}),
        a_result(statement("Allow"), context={"claims": {"sub": "u1"}}),
        a_result(statement("Allow"), context={"roles": ["a"]}),
        a_result(statement("Allow"), context={"nothing": None}),
        a_result(statement("Allow"), context="u1"),
        a_result(statement("Allow"), context={"padding": "x" * 8200}),
    ],
)
def test_malformed_or_oversized_results_fail_the_authorizer(result: Any) -> None:
    assert evaluate(result, ARN) == AUTHORIZER_FAILURE


def an_upgrade(
    query: tuple[tuple[str, str], ...], headers: tuple[tuple[str, str], ...]
) -> UpgradeRequest:
    return UpgradeRequest("c=", datetime.now(UTC), headers, query, "127.0.0.1", "", "h", "dev")


def test_identity_sources_must_all_be_present_and_non_empty() -> None:
    sources = ["route.request.querystring.token", "route.request.header.X-Api-Key"]

    assert identity_sources_present(sources, an_upgrade((("token", "t"),), (("x-api-key", "k"),)))
    assert not identity_sources_present(sources, an_upgrade((("token", "t"),), ()))
    assert not identity_sources_present(
        sources, an_upgrade((("token", ""),), (("X-Api-Key", "k"),))
    )
    assert identity_sources_present([], an_upgrade((), ()))


def test_unknown_identity_source_kinds_are_refused() -> None:
    with pytest.raises(ValueError, match="unsupported identity source"):
        identity_sources_present(["route.request.body.token"], an_upgrade((), ()))
