"""cdk-nag v3: the AWS Solutions checks pass, and every acknowledgement is precise and deliberate.

The synth of each fixture already failed if a finding was neither fixed nor acknowledged;
these tests read what was acknowledged from the cloud assembly and check that each one
names one finding on one resource, with a reason, and that the list is the reviewed one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ourchat.routes import CONSUMERS, ROUTES
from ourchat_infra.api_stack import construct_name
from tests.support.synth import Synthesized

ACKNOWLEDGED = "aws:cdk:acknowledged-rules"
PLUGIN_PREFIX = "AwsSolutions::"
# Rules that report one finding per offending value: their acknowledgements must name it.
MULTI_FINDING_RULES = ("AwsSolutions-IAM4", "AwsSolutions-IAM5")
MIN_REASON_CHARS = 80

# The queue consumers' functions (`FanoutConsumer`), as the API stack names them.
CONSUMER_FUNCTIONS = [f"{c.name[:1].upper()}{c.name[1:]}Consumer" for c in CONSUMERS]

# The reviewed acknowledgements of the default app: (stack part, resource path, rule).
REVIEWED = (
    {
        ("auth", "Users/Resource", "AwsSolutions-COG2"),
        ("auth", "Users/Resource", "AwsSolutions-COG8"),
        ("api", "OriginSecret/Secret/Resource", "AwsSolutions-SMG4"),
        ("api", "ApiGatewayLogRole/Role/Resource", "AwsSolutions-IAM4"),
        ("edge", "Distribution/Resource", "AwsSolutions-CFR1"),
        ("edge", "Distribution/Resource", "AwsSolutions-CFR3"),
        ("edge", "Distribution/Resource", "AwsSolutions-CFR4"),
    }
    | {
        ("api", f"Api/{r.key}-Route/Resource", "AwsSolutions-APIG4")
        for r in ROUTES
        if r.key != "$connect"
    }
    | {
        # X-Ray's write actions have no resource-level permissions (tracing is on by default),
        # and a pushing route's or consumer's POST on @connections/* of its own stage: ids
        # come at run time.
        ("api", f"{name}/Role/Resource", "AwsSolutions-IAM5")
        for name in ["Authorizer", *map(construct_name, ROUTES), *CONSUMER_FUNCTIONS]
    }
)


@dataclass(frozen=True)
class Acknowledgement:
    """One acknowledged finding, as recorded in the cloud assembly."""

    stack: str
    path: str
    finding: str
    reason: str

    @property
    def rule(self) -> str:
        return self.finding.split("[", 1)[0]


def acknowledgements(synthesized: Synthesized) -> list[Acknowledgement]:
    found: list[Acknowledgement] = []
    for stack in synthesized.stacks.all():
        metadata = json.loads(
            (synthesized.outdir / f"{stack.artifact_id}.metadata.json").read_text()
        )
        for path, entries in metadata.items():
            for entry in entries:
                if entry["type"] != ACKNOWLEDGED:
                    continue
                for finding, reason in entry["data"].items():
                    relative = path.removeprefix(f"/{stack.stack_name}/")
                    found.append(Acknowledgement(stack.stack_name, relative, finding, reason))
    return found


def test_the_aws_solutions_checks_ran_and_passed(
    synthesized: Synthesized, synthesized_bare: Synthesized
) -> None:
    for app in (synthesized, synthesized_bare):
        report = json.loads((app.outdir / "validation-report.json").read_text())
        conclusions = {p["pluginName"]: p["conclusion"] for p in report["pluginReports"]}
        assert conclusions == {"AwsSolutions": "success"}


def test_every_acknowledgement_names_one_finding_on_one_resource(
    synthesized: Synthesized,
) -> None:
    found = acknowledgements(synthesized)

    assert found
    for ack in found:
        assert ack.finding.startswith(PLUGIN_PREFIX + "AwsSolutions-"), ack
        assert ack.path.endswith("/Resource"), f"not on a resource: {ack}"
        if ack.rule.removeprefix(PLUGIN_PREFIX) in MULTI_FINDING_RULES:
            assert re.search(r"\[(Resource|Policy|Action)::.+\]$", ack.finding), ack


def test_every_acknowledgement_gives_a_specific_reason(synthesized: Synthesized) -> None:
    for ack in acknowledgements(synthesized):
        assert len(ack.reason) >= MIN_REASON_CHARS, ack


def test_the_acknowledgements_are_the_reviewed_ones(synthesized: Synthesized) -> None:
    stage_prefix = f"ourchat-{synthesized.config.stage_name}-"

    found = {
        (a.stack.removeprefix(stage_prefix), a.path, a.rule.removeprefix(PLUGIN_PREFIX))
        for a in acknowledgements(synthesized)
    }

    assert found == REVIEWED
