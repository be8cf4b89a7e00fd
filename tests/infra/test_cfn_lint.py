"""cfn-lint finds nothing in any template of either configuration."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.synth import Synthesized

LINT_TIMEOUT_SECONDS = 120
# cfn-lint ships no type information, so it runs as the command it installs.
CFN_LINT = Path(sys.executable).with_name("cfn-lint")


def test_cfn_lint_passes_on_every_template(
    synthesized: Synthesized, synthesized_bare: Synthesized
) -> None:
    templates = sorted(
        str(path)
        for app in (synthesized, synthesized_bare)
        for path in app.outdir.glob("*.template.json")
    )

    result = subprocess.run(
        [str(CFN_LINT), *templates],
        capture_output=True,
        text=True,
        timeout=LINT_TIMEOUT_SECONDS,
        check=False,
    )

    assert len(templates) == 10
    assert result.returncode == 0, result.stdout + result.stderr
