"""The auth stack: a user pool whose public client issues the ID tokens the authorizer checks."""

from __future__ import annotations

from aws_cdk.assertions import Match

from tests.support.synth import Synthesized, logical_id


def test_the_pool_has_a_strong_password_policy_and_optional_totp(
    synthesized: Synthesized,
) -> None:
    synthesized.template(synthesized.stacks.auth).has_resource_properties(
        "AWS::Cognito::UserPool",
        {
            "Policies": {"PasswordPolicy": Match.object_like({"MinimumLength": 12})},
            "MfaConfiguration": "OPTIONAL",
            "EnabledMfas": ["SOFTWARE_TOKEN_MFA"],
            "DeletionProtection": "ACTIVE",
        },
    )


def test_the_client_is_public_and_signs_in_by_srp_or_password(synthesized: Synthesized) -> None:
    auth = synthesized.stacks.auth

    synthesized.template(auth).has_resource_properties(
        "AWS::Cognito::UserPoolClient",
        {
            "UserPoolId": {"Ref": logical_id(auth.user_pool)},
            "GenerateSecret": False,
            "ExplicitAuthFlows": Match.array_with(["ALLOW_USER_SRP_AUTH"]),
            "PreventUserExistenceErrors": "ENABLED",
        },
    )


def test_the_outputs_give_the_pool_and_client_ids(synthesized: Synthesized) -> None:
    auth = synthesized.stacks.auth

    outputs = synthesized.json(auth)["Outputs"]

    assert outputs["UserPoolId"]["Value"] == {"Ref": logical_id(auth.user_pool)}
    assert outputs["UserPoolClientId"]["Value"] == {"Ref": logical_id(auth.client)}
