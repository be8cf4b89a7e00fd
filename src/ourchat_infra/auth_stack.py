"""The auth stack: the Cognito user pool whose ID tokens the `$connect` authorizer verifies.

The authorizer checks a token's RS256 signature against the pool's JWKS, its issuer (the
pool's URL), its audience (the app client id) and that it is an ID token; see
`ourchat.auth.tokens.JwksTokenVerifier`.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from ourchat_infra.config import InfraConfig
from ourchat_infra.nag import acknowledge

TOKEN_VALIDITY = cdk.Duration.hours(1)
REFRESH_TOKEN_VALIDITY = cdk.Duration.days(30)


class AuthStack(cdk.Stack):
    """The user pool and the chat's app client.

    Attributes:
        user_pool: The pool users sign up and sign in with.
        client: The public app client (no secret) that clients sign in through.
        issuer: The `iss` claim of the pool's tokens (`https://cognito-idp.<region>...`).
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, config: InfraConfig, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.user_pool = cognito.UserPool(
            self,
            "Users",
            user_pool_name=f"ourchat-{config.stage_name}",
            self_sign_up_enabled=True,
            sign_in_aliases=cognito.SignInAliases(email=True),
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            standard_attributes=cognito.StandardAttributes(
                fullname=cognito.StandardAttribute(required=False, mutable=True)
            ),
            password_policy=cognito.PasswordPolicy(
                min_length=12,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
            ),
            mfa=cognito.Mfa.OPTIONAL,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            feature_plan=cognito.FeaturePlan.ESSENTIALS,
            deletion_protection=config.retain_data,
            removal_policy=(
                cdk.RemovalPolicy.RETAIN if config.retain_data else cdk.RemovalPolicy.DESTROY
            ),
        )
        resource = self.user_pool.node.default_child
        acknowledge(
            resource,
            "AwsSolutions-COG2",
            "MFA is optional (TOTP) so that anyone can join the chat with a password; users "
            "opt in, and the pool holds no payment or health data that would call for more",
        )
        acknowledge(
            resource,
            "AwsSolutions-COG8",
            "the Plus feature plan (threat protection) is billed per monthly active user; "
            "Essentials with Cognito's own sign-in rate limits is proportionate for a chat "
            "whose connections also pass the WebACL",
        )
        self.client = self.user_pool.add_client(
            "ChatClient",
            user_pool_client_name=f"ourchat-{config.stage_name}-client",
            # SRP for apps; USER_PASSWORD_AUTH lets the AWS CLI get a token (README, Deploy).
            auth_flows=cognito.AuthFlow(user_srp=True, user_password=True),
            generate_secret=False,
            disable_o_auth=True,
            prevent_user_existence_errors=True,
            enable_token_revocation=True,
            id_token_validity=TOKEN_VALIDITY,
            access_token_validity=TOKEN_VALIDITY,
            refresh_token_validity=REFRESH_TOKEN_VALIDITY,
        )
        self.issuer = f"https://{self.user_pool.user_pool_provider_url}"
        cdk.CfnOutput(self, "UserPoolId", value=self.user_pool.user_pool_id)
        cdk.CfnOutput(self, "UserPoolClientId", value=self.client.user_pool_client_id)
        cdk.CfnOutput(self, "TokenIssuer", value=self.issuer)
