"""One Lambda function of the API with its own role and its own log group.

Every function runs the shared code asset on arm64 with the newest Python runtime. Its
role is its own, with an inline policy listing only what the function uses; the log
statement names only its own log group. With tracing on, Lambda sends X-Ray a trace of every
invocation (active tracing), and the role may write trace segments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from ourchat_infra.bundling import LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME
from ourchat_infra.nag import acknowledge

DEFAULT_MEMORY_MB = 256
DEFAULT_TIMEOUT = cdk.Duration.seconds(10)
LOG_ACTIONS = ("logs:CreateLogStream", "logs:PutLogEvents")
# What AWS's AWSXRayDaemonWriteAccess grants a traced function; X-Ray has no resource ARNs.
XRAY_ACTIONS = ("xray:PutTraceSegments", "xray:PutTelemetryRecords")


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    """What distinguishes one function from another.

    Args:
        handler: The dotted handler path, e.g. `ourchat.handlers.connect.handler`.
        description: What the function serves, shown in the console.
        environment: Its environment variables: only those its code reads.
        statements: Its IAM statements besides writing its own logs.
        timeout: How long one invocation may run.
        memory_mb: Its memory, which also sets its CPU share (one vCPU at 1,769 MB).
    """

    handler: str
    description: str
    environment: Mapping[str, str] = field(default_factory=dict)
    statements: Sequence[iam.PolicyStatement] = ()
    timeout: cdk.Duration = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB


class ChatFunction(Construct):
    """A function, its role and its log group.

    Attributes:
        function: The Lambda function.
        role: Its execution role.
        log_group: Where its logs go, kept for the configured retention.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        spec: FunctionSpec,
        code: lambda_.Code,
        log_retention: logs.RetentionDays,
        removal_policy: cdk.RemovalPolicy,
        tracing: bool = True,
    ) -> None:
        super().__init__(scope, construct_id)
        self.log_group = logs.LogGroup(
            self, "Logs", retention=log_retention, removal_policy=removal_policy
        )
        statements = [
            iam.PolicyStatement(
                actions=list(LOG_ACTIONS), resources=[self.log_group.log_group_arn]
            ),
            *spec.statements,
        ]
        if tracing:
            statements.append(iam.PolicyStatement(actions=list(XRAY_ACTIONS), resources=["*"]))
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Runs {spec.handler}",
            inline_policies={"access": iam.PolicyDocument(statements=statements)},
        )
        if tracing:
            acknowledge(
                self.role,
                "AwsSolutions-IAM5[Resource::*]",
                "X-Ray's PutTraceSegments and PutTelemetryRecords support no resource-level "
                "permissions; the statement grants those two actions only",
            )
        self.function = lambda_.Function(
            self,
            "Function",
            runtime=LAMBDA_RUNTIME,
            architecture=LAMBDA_ARCHITECTURE,
            handler=spec.handler,
            code=code,
            # Passed by ARN: the policies are inline in the role, so the ARN's GetAtt orders
            # the deploy, and CDK adds no redundant DependsOn (cfn-lint W3005).
            role=iam.Role.from_role_arn(self, "RoleArn", self.role.role_arn, mutable=False),
            description=spec.description,
            environment=dict(spec.environment),
            memory_size=spec.memory_mb,
            timeout=spec.timeout,
            log_group=self.log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            system_log_level_v2=lambda_.SystemLogLevel.INFO,
            tracing=lambda_.Tracing.ACTIVE if tracing else lambda_.Tracing.DISABLED,
        )
