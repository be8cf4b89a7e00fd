"""The generated documents match the protocol's declarations: `make docs` left nothing behind."""

from __future__ import annotations

from docgen.__main__ import ROOT, stale


def test_no_generated_document_lags_behind_the_declarations() -> None:
    lagging = [str(path.relative_to(ROOT)) for path in stale()]
    assert lagging == [], "run `make docs` and commit the result"
