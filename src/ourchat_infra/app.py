"""The CDK app: `cdk synth` / `cdk deploy --all` run `python -m ourchat_infra.app` (cdk.json).

Stacks, all named `ourchat-<stage>-<part>`: data, auth, api and monitoring in the target
Region; with the edge on, `edge-waf` in us-east-1 (CloudFront's WebACLs live there) and
`edge` beside the API. cdk-nag's AWS Solutions checks run on every synth and fail it on any
finding that is neither fixed nor acknowledged.

Cross-stack references are weak (`Fn::GetStackOutput`, cdk.json): CloudFormation reads them
when the consuming stack is created or updated, and `cdk deploy` skips a stack whose template
did not change. Every consuming stack therefore carries the `referencesGeneration` context
value as an output: raising it updates them all, and they read their references again
(README, "Cross-stack references").
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks

from ourchat_infra.api_stack import ApiStack
from ourchat_infra.auth_stack import AuthStack
from ourchat_infra.config import InfraConfig
from ourchat_infra.data_stack import DataStack
from ourchat_infra.edge_stack import EdgeStack
from ourchat_infra.monitoring_stack import MonitoringStack
from ourchat_infra.waf_stack import WAF_REGION, WafStack

REFERENCES_OUTPUT = "ReferencesGeneration"


@dataclass(frozen=True, slots=True)
class ChatStacks:
    """The stacks of one stage; `waf` and `edge` are None when the edge is off."""

    data: DataStack
    auth: AuthStack
    api: ApiStack
    monitoring: MonitoringStack
    waf: WafStack | None = None
    edge: EdgeStack | None = None

    def all(self) -> list[cdk.Stack]:
        """Return every stack of the stage."""
        stacks = [self.data, self.auth, self.api, self.monitoring, self.waf, self.edge]
        return [stack for stack in stacks if stack is not None]


def build_stacks(app: cdk.App, config: InfraConfig) -> ChatStacks:
    """Add the stage's stacks to `app`."""
    env = cdk.Environment(account=config.account, region=config.region)
    name = config.stack_name
    data = DataStack(app, name("data"), config=config, env=env, description="ourchat tables")
    auth = AuthStack(app, name("auth"), config=config, env=env, description="ourchat users")
    api = ApiStack(
        app,
        name("api"),
        config=config,
        data=data,
        auth=auth,
        env=env,
        description="ourchat WebSocket API and functions",
    )
    waf = edge = None
    if config.edge:
        waf = WafStack(
            app,
            name("edge-waf"),
            config=config,
            env=cdk.Environment(account=config.account, region=WAF_REGION),
            description="ourchat WebACL for CloudFront",
        )
        edge = EdgeStack(
            app,
            name("edge"),
            config=config,
            api=api,
            web_acl_arn=waf.web_acl.attr_arn,
            env=env,
            description="ourchat CloudFront distribution",
        )
    monitoring = MonitoringStack(
        app,
        name("monitoring"),
        config=config,
        api=api,
        data=data,
        env=env,
        description="ourchat alarms and dashboard",
    )
    stacks = ChatStacks(data, auth, api, monitoring, waf, edge)
    for consumer in (api, edge, monitoring):
        if consumer is not None:
            cdk.CfnOutput(
                consumer,
                REFERENCES_OUTPUT,
                value=str(config.references_generation),
                description="Raised to make this stack read other stacks' outputs again",
            )
    for stack in stacks.all():
        cdk.Tags.of(stack).add("project", "ourchat")
        cdk.Tags.of(stack).add("stage", config.stage_name)
    return stacks


def add_checks(app: cdk.App) -> None:
    """Run cdk-nag's AWS Solutions rules on the app at synth."""
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))


def main() -> None:
    """Build the app from its context and synthesize it."""
    app = cdk.App()
    build_stacks(app, InfraConfig.from_context(app.node.try_get_context, os.environ))
    add_checks(app)
    app.synth()


if __name__ == "__main__":
    main()
