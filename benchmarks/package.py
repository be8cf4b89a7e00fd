"""Scenario 5b, the Lambda package: runtime dependencies for arm64 Lambda plus `ourchat`.

When the CDK app's bundling is there (`ourchat_infra.bundling.bundle_into`, with the wheel
cache `make install` fills), the package is exactly what it deploys, built in a child
interpreter (the CDK import starts a jsii runtime). Otherwise the dependencies are
pip-installed from PyPI for manylinux2014_aarch64 (binary wheels only) and `ourchat` is
copied beside them. Either way boto3 is left out (the Lambda runtime provides it) and there
is no bytecode. The report gives the unzipped size (Lambda's limit: 250 MB) and the zip's.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Sequence
from pathlib import Path

import ourchat
from benchmarks.results import PackageSize

PLATFORM = "manylinux2014_aarch64"
PIP_SECONDS = 300


def runtime_dependencies(pyproject: Path) -> tuple[str, ...]:
    """Return the [project] dependencies of a pyproject.toml (the Lambda runtime set)."""
    with pyproject.open("rb") as file:
        project = tomllib.load(file)["project"]
    return tuple(project.get("dependencies", ()))


def install_dependencies(target: Path, dependencies: Sequence[str], python_version: str) -> None:
    """pip-install binary wheels of the dependencies for arm64 Lambda into `target`.

    Raises:
        subprocess.CalledProcessError: pip failed (e.g. PyPI cannot be reached).
    """
    subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-compile",
            "--target",
            str(target),
            "--platform",
            PLATFORM,
            "--implementation",
            "cp",
            "--python-version",
            python_version,
            "--only-binary=:all:",
            *dependencies,
        ],
        check=True,
        capture_output=True,
        timeout=PIP_SECONDS,
    )


def copy_ourchat(target: Path) -> None:
    """Copy the installed `ourchat` package into `target`, leaving out bytecode caches."""
    source = Path(ourchat.__file__).resolve().parent
    shutil.copytree(source, target / "ourchat", ignore=shutil.ignore_patterns("__pycache__"))


def measure_tree(root: Path) -> tuple[int, int, int]:
    """Return (files, bytes unzipped, bytes of a deflated zip) of a directory tree."""
    files = sorted(path for path in root.rglob("*") if path.is_file())
    unzipped = sum(path.stat().st_size for path in files)
    with tempfile.TemporaryDirectory() as scratch:
        archive = Path(scratch) / "package.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for path in files:
                zipped.write(path, path.relative_to(root).as_posix())
        return len(files), unzipped, archive.stat().st_size


def infra_bundling_available() -> bool:
    """True when the CDK app's bundling and its wheel cache are there."""
    try:
        from ourchat_infra.wheels import WHEEL_CACHE
    except ImportError:
        return False
    return importlib.util.find_spec("aws_cdk") is not None and any(WHEEL_CACHE.glob("*.whl"))


def infra_python_version(default: str = "3.12") -> str:
    """The Lambda runtime's Python version the CDK app deploys, or `default` without it."""
    try:
        from ourchat_infra.wheels import LAMBDA_PYTHON_VERSION
    except ImportError:
        return default
    return LAMBDA_PYTHON_VERSION


def measure_infra_bundle(dependencies: Sequence[str]) -> PackageSize:
    """Bundle with the CDK app's own `bundle_into` in a child interpreter and measure it.

    Raises:
        subprocess.CalledProcessError: The bundling failed.
    """
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from ourchat_infra.bundling import bundle_into\nbundle_into(Path(sys.argv[1]))\n"
    )
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "package"
        subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
            [sys.executable, "-c", code, str(root)],
            check=True,
            capture_output=True,
            timeout=PIP_SECONDS,
        )
        files, unzipped, zipped = measure_tree(root)
    method = "the CDK app's bundling (ourchat_infra.bundling.bundle_into)"
    return PackageSize(method, tuple(dependencies), files, unzipped, zipped)


def measure_package(dependencies: Sequence[str], python_version: str) -> PackageSize:
    """Build the package in a temporary directory and measure it.

    Args:
        dependencies: Requirement strings to install; empty measures `ourchat` alone.
        python_version: The Lambda runtime's Python version, e.g. "3.11".

    Raises:
        subprocess.CalledProcessError: pip failed.
    """
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "package"
        root.mkdir()
        if dependencies:
            install_dependencies(root, dependencies, python_version)
        for cache in list(root.rglob("__pycache__")):
            shutil.rmtree(cache)
        copy_ourchat(root)
        files, unzipped, zipped = measure_tree(root)
    method = f"pip --platform {PLATFORM} --python-version {python_version}"
    if not dependencies:
        method = "the ourchat package alone (no dependencies installed)"
    return PackageSize(method, tuple(dependencies), files, unzipped, zipped)
