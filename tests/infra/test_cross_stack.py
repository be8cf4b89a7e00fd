"""Weak cross-stack references: README names every one, and every consumer can be refreshed.

CloudFormation reads a `Fn::GetStackOutput` only when the consuming stack is created or
updated; a consumer whose template is unchanged is skipped. README's table tells the operator
which stacks those are, and raising `referencesGeneration` changes each of them.
"""

from __future__ import annotations

import re
from typing import Any

from ourchat_infra.app import REFERENCES_OUTPUT
from ourchat_infra.wheels import REPO_ROOT
from tests.support.synth import Synthesized, synthesize

README = REPO_ROOT / "README.md"


def producers(value: Any) -> set[str]:
    """Return the stacks whose outputs a template value reads."""
    found: set[str] = set()
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            if "Fn::GetStackOutput" in item:
                found.add(item["Fn::GetStackOutput"]["StackName"])
            pending += item.values()
        elif isinstance(item, list):
            pending += item
    return found


def references(synthesized: Synthesized) -> dict[str, set[str]]:
    """Consumer stack part to the stack parts it reads, e.g. {"edge": {"api", "edge-waf"}}."""
    prefix = f"ourchat-{synthesized.config.stage_name}-"
    found: dict[str, set[str]] = {}
    for stack in synthesized.stacks.all():
        read = producers(synthesized.json(stack))
        if read:
            found[stack.stack_name.removeprefix(prefix)] = {p.removeprefix(prefix) for p in read}
    return found


def readme_references() -> dict[str, set[str]]:
    """The table under README's "Cross-stack references": consumer to producers."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Cross-stack references") :]
    table = section[section.index("| stack | reads outputs of |") :].split("\n\n", 1)[0]
    rows: dict[str, set[str]] = {}
    for row in table.splitlines()[2:]:
        consumer, read = row.split("|")[1:3]
        rows[consumer.strip().strip("`")] = set(re.findall(r"`([a-z-]+)`", read))
    return rows


def test_readme_names_every_cross_stack_reference(synthesized: Synthesized) -> None:
    assert readme_references() == references(synthesized)


def test_every_consumer_records_the_references_generation(synthesized: Synthesized) -> None:
    consumers = set(references(synthesized))
    prefix = f"ourchat-{synthesized.config.stage_name}-"

    for stack in synthesized.stacks.all():
        outputs = synthesized.json(stack).get("Outputs", {})
        part = stack.stack_name.removeprefix(prefix)
        assert (REFERENCES_OUTPUT in outputs) == (part in consumers), part
        if part in consumers:
            assert outputs[REFERENCES_OUTPUT]["Value"] == "1"


def test_raising_the_generation_changes_every_consumer(
    synthesized: Synthesized, tmp_path_factory: Any
) -> None:
    raised = synthesize(tmp_path_factory.mktemp("cdk-raised"), {"referencesGeneration": "2"})

    for stack in raised.stacks.all():
        outputs = raised.json(stack).get("Outputs", {})
        if REFERENCES_OUTPUT in outputs:
            assert outputs[REFERENCES_OUTPUT]["Value"] == "2"
    assert set(references(raised)) == set(references(synthesized))
