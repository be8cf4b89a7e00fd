"""Rewriting only the generated figures of docs/performance.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.docs_update import BEGIN, END, replace_figures, update_document


def test_only_the_text_between_the_markers_changes() -> None:
    document = f"# Perf\n\nwritten\n\n{BEGIN}\nold figures\n{END}\n\nafter\n"
    updated = replace_figures(document, "new figures")
    assert "old figures" not in updated
    assert updated.startswith("# Perf\n\nwritten\n\n")
    assert updated.endswith(f"new figures\n\n{END}\n\nafter\n")


def test_markers_are_appended_when_missing(tmp_path: Path) -> None:
    path = tmp_path / "performance.md"
    path.write_text("# Perf\n", encoding="utf-8")
    update_document(path, "figures")
    update_document(path, "figures again")
    text = path.read_text(encoding="utf-8")
    assert text.count(BEGIN) == 1
    assert "figures again" in text
    assert "\nfigures\n" not in text


def test_broken_markers_are_refused() -> None:
    with pytest.raises(ValueError, match="broken"):
        replace_figures(f"{END}\n{BEGIN}\n", "x")
