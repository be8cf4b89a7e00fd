"""Settings from the environment: defaults, and refusals of incomplete configurations."""

from __future__ import annotations

import pytest

from ourchat.bootstrap import build_gatekeeper
from ourchat.settings import Settings


def test_cognito_mode_needs_an_issuer_and_an_audience_to_verify_tokens() -> None:
    with pytest.raises(ValueError, match="OURCHAT_JWT_ISSUER"):
        build_gatekeeper(Settings.from_env({"OURCHAT_STORE": "dynamodb"}))
    with pytest.raises(ValueError, match="OURCHAT_JWT_AUDIENCE"):
        build_gatekeeper(
            Settings.from_env({"OURCHAT_JWT_ISSUER": "https://cognito-idp.example/pool"})
        )


def test_a_function_without_token_settings_still_reads_its_settings() -> None:
    # Route functions on AWS get their store's variables only: no auth mode, no issuer.
    settings = Settings.from_env({"OURCHAT_STORE": "dynamodb", "OURCHAT_TABLE_USER": "u"})
    assert settings.table_names["User"] == "u"
    assert settings.max_connections_per_user == 10


def test_the_connection_cap_is_a_positive_setting() -> None:
    env = {"OURCHAT_STORE": "sqlite", "OURCHAT_MAX_CONNECTIONS_PER_USER": "3"}
    assert Settings.from_env(env).max_connections_per_user == 3
    with pytest.raises(ValueError, match="OURCHAT_MAX_CONNECTIONS_PER_USER"):
        Settings.from_env({**env, "OURCHAT_MAX_CONNECTIONS_PER_USER": "0"})


def test_cognito_settings_derive_the_jwks_url_from_the_issuer() -> None:
    issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc"
    settings = Settings.from_env(
        {"OURCHAT_JWT_ISSUER": issuer, "OURCHAT_JWT_AUDIENCE": "client", "AWS_REGION": "eu-west-1"}
    )
    assert settings.auth.mode == "cognito"
    assert settings.auth.resolved_jwks_url == issuer + "/.well-known/jwks.json"
    assert settings.region == "eu-west-1"
    assert settings.table_names["Message"] == "ourchat-Message"


def test_table_names_come_from_their_variables() -> None:
    env = {"OURCHAT_STORE": "sqlite", "OURCHAT_TABLE_MESSAGE": "prod-messages"}
    settings = Settings.from_env(env)
    assert settings.auth.mode == "local"
    assert settings.table_names["Message"] == "prod-messages"


@pytest.mark.parametrize(
    ("variable", "value"), [("OURCHAT_STORE", "mongo"), ("OURCHAT_AUTH_MODE", "none")]
)
def test_unknown_choices_are_refused(variable: str, value: str) -> None:
    with pytest.raises(ValueError, match=variable):
        Settings.from_env({"OURCHAT_STORE": "sqlite", variable: value})
