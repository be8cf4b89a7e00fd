"""The test tree's own rule: test modules share helpers through tests.support only."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SUPPORT = "tests.support"


def imported_test_modules(path: Path) -> list[str]:
    """Return the `tests.*` modules a file imports, other than tests.support's."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found += [n for n in names if n.startswith("tests.") and not n.startswith(SUPPORT)]
    return found


def test_no_test_module_imports_another_test_module() -> None:
    offenders = {
        str(path.relative_to(TESTS)): imported
        for path in TESTS.rglob("*.py")
        if (imported := imported_test_modules(path))
    }
    assert offenders == {}


def test_support_modules_never_import_test_modules() -> None:
    for path in (TESTS / "support").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "from tests.support" in text or "import tests." not in text, path
        assert not imported_test_modules(path), path
