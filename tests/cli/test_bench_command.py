"""`ourchat bench`: the checkout's benchmarks under the ourchat command, or a clear refusal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ourchat.cli import bench
from ourchat.cli.main import main

CHECKOUT = Path(__file__).resolve().parents[2]


def test_the_options_and_help_are_the_benchmarks_own(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["bench", "--help"])
    assert exited.value.code == 0
    assert "usage: ourchat bench" in capsys.readouterr().out


def test_outside_a_checkout_it_says_where_to_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bench, "benchmarks_importable", lambda: False)
    assert main(["bench", "--plan", "tiny"]) == 2
    assert "run from a checkout: make bench" in capsys.readouterr().err


def test_a_console_script_finds_the_checkouts_benchmarks() -> None:
    # As .venv/bin/ourchat runs: the checkout is the current directory but not on sys.path.
    code = (
        "import sys; sys.path = [p for p in sys.path if p not in ('', '.', sys.argv[1])]\n"
        "from ourchat.cli.bench import benchmarks_importable\n"
        "assert benchmarks_importable()\n"
    )
    subprocess.run(
        [sys.executable, "-I", "-c", code, str(CHECKOUT)],
        cwd=CHECKOUT,
        check=True,
        timeout=60,
    )
