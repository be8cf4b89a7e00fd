"""The account's API Gateway CloudWatch role, without which WebSocket stages write no logs.

API Gateway writes WebSocket access logs with one role per account and Region, set on the
`AWS::ApiGateway::Account` resource. A second stage in the same account and Region can
leave it to the first (context `apiGatewayLogRole=false`). Both the role and the setting
are retained when the stack is deleted, as CDK's RestApi does: other APIs of the account
and Region log with them.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_iam as iam
from constructs import Construct

from ourchat_infra.nag import acknowledge

PUSH_TO_CLOUDWATCH_POLICY = "service-role/AmazonAPIGatewayPushToCloudWatchLogs"


class ApiGatewayLogRole(Construct):
    """The role API Gateway logs with, and the account setting that names it.

    Attributes:
        role: The role API Gateway assumes.
    """

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"),
            description="Lets API Gateway write the account's API logs to CloudWatch Logs",
            managed_policies=[
                iam.ManagedPolicy.from_aws_managed_policy_name(PUSH_TO_CLOUDWATCH_POLICY)
            ],
        )
        acknowledge(
            self.role,
            f"AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/{PUSH_TO_CLOUDWATCH_POLICY}]",
            "the AWS-maintained policy API Gateway's documentation prescribes for its "
            "account-wide logging role; API Gateway creates the log groups of every API of the "
            "account and Region, whose names are not known here",
        )
        account = apigateway.CfnAccount(self, "Account", cloud_watch_role_arn=self.role.role_arn)
        for resource in (self.role, account):
            resource.apply_removal_policy(cdk.RemovalPolicy.RETAIN)
