"""`make soak` at a tiny size: it runs, prints its figures and passes."""

from __future__ import annotations

import json

import pytest

from benchmarks.soak import main


def test_a_tiny_soak_passes_and_prints_its_figures(capsys: pytest.CaptureFixture[str]) -> None:
    arguments = ["--connections", "6", "--groups", "3", "--seconds", "2", "--interval", "1"]
    assert main(arguments) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["messages_acked"] >= 10
    assert (
        figures["events_delivered"] == figures["events_expected"] == 2 * figures["messages_acked"]
    )
