"""Synthesizing the app for tests, and reading its templates.

Cross-stack references are weak (`Fn::GetStackOutput`, cdk.json's
`@aws-cdk/core:defaultCrossStackReferences`); `Synthesized.origin` follows one back to the
resource it names in the producing stack.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk.assertions import Template

from ourchat_infra.app import ChatStacks, add_checks, build_stacks
from ourchat_infra.config import InfraConfig
from ourchat_infra.wheels import REPO_ROOT

TEST_REGION = "ap-southeast-2"
CDK_CONTEXT: dict[str, Any] = json.loads((REPO_ROOT / "cdk.json").read_text())["context"]

Json = dict[str, Any]


@dataclass
class Synthesized:
    """A synthesized app: its stacks, its cloud assembly and its templates as JSON."""

    app: cdk.App
    stacks: ChatStacks
    config: InfraConfig
    outdir: Path
    _templates: dict[str, Template] = field(default_factory=dict)

    def template(self, stack: cdk.Stack) -> Template:
        """Return the assertions Template of a stack (built once)."""
        if stack.stack_name not in self._templates:
            self._templates[stack.stack_name] = Template.from_stack(stack)
        return self._templates[stack.stack_name]

    def json(self, stack: cdk.Stack) -> Json:
        """Return a stack's template as written to the cloud assembly."""
        path = self.outdir / f"{stack.artifact_id}.template.json"
        template: Json = json.loads(path.read_text())
        return template

    def resources(self, stack: cdk.Stack, resource_type: str) -> dict[str, Json]:
        """Return a stack's resources of one type, by logical id."""
        resources: dict[str, Json] = self.json(stack)["Resources"]
        return {k: r for k, r in resources.items() if r["Type"] == resource_type}

    def origin(self, value: Any) -> tuple[str, str]:
        """Return (stack name, logical id) of the resource a reference names.

        Accepts `Ref`, `Fn::GetAtt` (local to the stack, whose name is then "") and
        `Fn::GetStackOutput` (followed to the producing stack's output).

        Raises:
            ValueError: The value is not a reference.
        """
        if isinstance(value, dict) and "Fn::GetStackOutput" in value:
            reference = value["Fn::GetStackOutput"]
            producer = next(s for s in self.stacks.all() if s.stack_name == reference["StackName"])
            output = self.json(producer)["Outputs"][reference["OutputName"]]["Value"]
            return producer.stack_name, self.origin(output)[1]
        if isinstance(value, dict) and "Ref" in value:
            return "", str(value["Ref"])
        if isinstance(value, dict) and "Fn::GetAtt" in value:
            return "", str(value["Fn::GetAtt"][0])
        raise ValueError(f"not a reference: {value!r}")


def logical_id(construct: Any) -> str:
    """Return the logical id of an L2 construct's resource (or of a resource)."""
    resource = construct if isinstance(construct, cdk.CfnElement) else construct.node.default_child
    return str(cdk.Stack.of(resource).resolve(resource.logical_id))


def synthesize(outdir: Path, overrides: dict[str, Any] | None = None) -> Synthesized:
    """Build and synthesize the app with cdk.json's context, bundling skipped, cdk-nag on."""
    context = {**CDK_CONTEXT, "region": TEST_REGION, "aws:cdk:bundling-stacks": []}
    context.update(overrides or {})
    app = cdk.App(outdir=str(outdir), context=context)
    config = InfraConfig.from_context(app.node.try_get_context, {})
    stacks = build_stacks(app, config)
    add_checks(app)
    app.synth()
    return Synthesized(app, stacks, config, outdir)
