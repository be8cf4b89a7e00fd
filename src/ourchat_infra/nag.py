"""Acknowledging cdk-nag findings, one finding on one resource at a time.

cdk-nag v3 runs as a validation plugin (`Validations.of(app).add_plugins(...)`): a finding
that is neither fixed nor acknowledged fails the synth. An acknowledgement here names the
exact finding (with its `[...]` part for rules that report several per resource) on the
CloudFormation resource it concerns, never a whole stack, and says why.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from constructs import IConstruct

NAG_PLUGIN = "AwsSolutions"
"""The name cdk-nag's AwsSolutionsChecks report under; acknowledgements are scoped to it."""


def cfn_resource(construct: IConstruct | None) -> cdk.CfnResource:
    """Return the CloudFormation resource of an L2 construct (or the resource itself).

    Raises:
        TypeError: The construct is no resource and has none as its default child.
    """
    if isinstance(construct, cdk.CfnResource):
        return construct
    child = construct.node.default_child if construct is not None else None
    if not isinstance(child, cdk.CfnResource):
        raise TypeError(f"{construct} has no CloudFormation resource to acknowledge on")
    return child


def acknowledge(construct: IConstruct | None, finding: str, reason: str) -> None:
    """Acknowledge one cdk-nag finding on the resource of `construct`, for a stated reason.

    Args:
        construct: The resource, or an L2 construct whose default child it is.
        finding: The rule id, e.g. `AwsSolutions-SMG4`, or a finding id such as
            `AwsSolutions-IAM5[Resource::<arn>]`.
        reason: Why the finding is accepted here.
    """
    cdk.Validations.of(cfn_resource(construct)).acknowledge(
        cdk.Acknowledgment(id=f"{NAG_PLUGIN}::{finding}", reason=reason)
    )


def _render(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        ((function, argument),) = value.items()
        if function == "Ref":
            return f"<{argument}>"
        if function == "Fn::GetAtt":
            return f"<{argument[0]}.{argument[1]}>"
        if function == "Fn::Join":
            separator, parts = argument
            return str(separator).join(_render(part) for part in parts)
    raise ValueError(f"cdk-nag cannot name {value!r} in a finding")


def finding_text(scope: IConstruct, value: str) -> str:
    """Return a value as cdk-nag writes it in a finding id, e.g. `arn:aws:...:<ApiF70053CD>/...`.

    References become `<LogicalId>` or `<LogicalId.Attribute>`, as in cdk-nag's messages,
    so an acknowledgement can name a finding about a resource known only at deploy time.
    """
    return _render(cdk.Stack.of(scope).resolve(value))
