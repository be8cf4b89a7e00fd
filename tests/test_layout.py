"""The test tree's own rule: test modules share helpers through tests.support only."""

from __future__ import annotations

import ast
import re
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


RUNTIME = TESTS.parent / "src" / "ourchat"


def module_level_imports(tree: ast.Module) -> list[str]:
    """The modules a file imports outside any function (what importing it imports)."""
    found: list[str] = []
    nodes: list[ast.AST] = list(tree.body)
    while nodes:
        node = nodes.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        nodes += ast.iter_child_nodes(node)
    return found


def test_the_runtime_package_never_imports_the_benchmarks_at_import_time() -> None:
    # benchmarks/ is not in the wheel: only a command run from a checkout may import it.
    offenders = {
        str(path.relative_to(RUNTIME)): imported
        for path in RUNTIME.rglob("*.py")
        if (
            imported := [
                name
                for name in module_level_imports(ast.parse(path.read_text(encoding="utf-8")))
                if name == "benchmarks" or name.startswith("benchmarks.")
            ]
        )
    }
    assert offenders == {}


README = TESTS.parent / "README.md"


def layout_paths() -> list[str]:
    """The paths README's layout table names."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| path | what it is |") :].split("\n\n", 1)[0]
    paths: list[str] = []
    for row in table.splitlines()[2:]:
        first_cell = row.split("|")[1]
        paths += re.findall(r"`([^`]+)`", first_cell)
    return paths


def test_readme_layout_names_only_paths_that_exist() -> None:
    root = TESTS.parent
    for path in layout_paths():
        candidates = [root / path, root / "src" / "ourchat" / path]
        assert any(c.exists() for c in candidates), path


def test_readme_layout_covers_every_package_and_suite() -> None:
    named = " ".join(layout_paths())
    root = TESTS.parent
    folders = [
        *(p for p in (root / "src" / "ourchat").iterdir() if p.is_dir()),
        *(p for p in (root / "tests").iterdir() if p.is_dir()),
        root / "benchmarks",
        root / "docgen",
    ]
    for folder in folders:
        if folder.name.startswith("__"):
            continue
        relative = str(folder.relative_to(root))
        assert relative in named, relative
