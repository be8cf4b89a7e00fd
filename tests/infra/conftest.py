"""Fixtures of the CDK app tests: one synthesized app per configuration and session.

Starting jsii and synthesizing costs seconds, so each configuration is synthesized once:
the default one of cdk.json, and one with the edge off and data not retained. Lambda
bundling is skipped (`aws:cdk:bundling-stacks`); `make synth` and tests/infra/test_bundling
exercise it. cdk-nag runs on both, so a fixture only exists if its synth passed the checks.
"""

from __future__ import annotations

import pytest

from tests.support.synth import Synthesized, synthesize


@pytest.fixture(scope="session")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    """The app as cdk.json configures it: every stack, edge on, data retained."""
    return synthesize(tmp_path_factory.mktemp("cdk-default"))


@pytest.fixture(scope="session")
def synthesized_bare(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    """The app with `edge`, `retainData` and `tracing` false and a connection cap of 7 (not
    the default), as strings like `cdk -c` gives."""
    return synthesize(
        tmp_path_factory.mktemp("cdk-bare"),
        {
            "edge": "false",
            "retainData": "false",
            "stageName": "dev",
            "tracing": "false",
            "maxConnectionsPerUser": "7",
        },
    )
