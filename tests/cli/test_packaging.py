"""What a user of the ecosystem expects of the package: metadata, a version, a licence, and
`pip install 'ourchat[local]'` then `ourchat serve` from any folder, in a small environment.

The last test builds the wheel and installs it with its `local` extra into a fresh venv,
as a user would (from pip's cache when it is warm), then serves from an unrelated folder.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import urllib.request
from pathlib import Path

import pytest

from benchmarks.server_process import START_SECONDS, ServerProcess
from ourchat.cli.main import main

REPO_ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
INSTALL_SECONDS = 300
# What `make serve` may take up (docs: README, "Two commands").
SERVE_VENV_LIMIT_MB = 150


def test_the_build_backend_understands_an_spdx_licence_string() -> None:
    # `license = "MIT"` (PEP 639) needs setuptools 77 or newer to build.
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["build-system"]["requires"] == ["setuptools>=77"]


def test_the_repository_carries_the_mit_licence_text() -> None:
    text = (REPO_ROOT / "LICENSE").read_text(encoding="utf-8")

    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text
    assert "WITHOUT WARRANTY OF ANY KIND" in text


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])

    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"ourchat {PYPROJECT['project']['version']}"


def test_make_serve_installs_only_what_serving_needs(tmp_path: Path) -> None:
    # A dry run on an absent venv shows what a first `make serve` would do.
    result = subprocess.run(
        ["make", "--dry-run", "serve", f"VENV={tmp_path / 'venv'}"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    installs = [line for line in result.stdout.splitlines() if "pip install" in line]

    assert installs, result.stdout
    assert all("'.[local]'" in line for line in installs), installs
    for heavy in ("infra", "--group dev", "npm ci", "pip>="):
        assert heavy not in result.stdout


def test_node_version_in_readme_matches_package_json() -> None:
    engines = json.loads((REPO_ROOT / "package.json").read_text(encoding="utf-8"))["engines"]
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")

    major = int(re.fullmatch(r">=(\d+)", engines["node"])[1])  # type: ignore[index]
    assert major >= 22  # Node.js 20 is end-of-life
    assert f"Node.js {major}+" in readme
    assert "Node.js 20" not in readme


def size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def run(*command: str | Path) -> str:
    """Run a command to completion (pip's version check off); return its stdout."""
    result = subprocess.run(
        [str(part) for part in command],
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        capture_output=True,
        text=True,
        check=True,
        timeout=INSTALL_SECONDS,
    )
    return result.stdout


@pytest.mark.slow
def test_the_installed_package_serves_from_any_folder(tmp_path: Path) -> None:
    wheels, venv, elsewhere = tmp_path / "wheels", tmp_path / "venv", tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Given the wheel, installed with its `local` extra into a fresh venv
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", wheels, REPO_ROOT)
    [wheel] = wheels.glob("ourchat-*.whl")
    run(sys.executable, "-m", "venv", venv)
    run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", f"{wheel}[local]")
    ourchat = venv / "bin" / "ourchat"
    assert run(ourchat, "--version").strip() == f"ourchat {PYPROJECT['project']['version']}"
    assert size_mb(venv) < SERVE_VENV_LIMIT_MB
    # When `ourchat serve` runs in a folder that is no checkout
    server = ServerProcess(
        "installed ourchat serve",
        ["env", "--chdir", str(elsewhere), str(ourchat), "serve", "--port", "0"],
        tmp_path / "serve.log",
        re.compile(r"web client\s*:\s*(http://127\.0\.0\.1:\d+)/"),
    ).start(START_SECONDS)
    try:
        # Then it serves the web client and is healthy, with its data in that folder
        with urllib.request.urlopen(f"{server.url}/healthz", timeout=10) as response:
            assert json.loads(response.read()) == {"status": "ok", "store": "reachable"}
        with urllib.request.urlopen(f"{server.url}/", timeout=10) as response:
            assert b"<html" in response.read().lower()
        assert (elsewhere / ".data" / "ourchat.sqlite3").exists()
        assert server.stop() == 0
    finally:
        server.kill()
