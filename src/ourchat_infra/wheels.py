"""Third-party wheels of the Lambda package: downloaded once, installed offline at synth.

`make install` runs `python -m ourchat_infra.wheels download`, which fetches the runtime
dependencies of `pyproject.toml` ([project] dependencies, never retyped here) as wheels for
the Lambda platform into build/lambda-wheels. Bundling then installs from that directory
only (`--no-index`), so `cdk synth` needs no network.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from pathlib import Path

LAMBDA_PYTHON_VERSION = "3.14"
"""The Python of the Lambda runtime (`ourchat_infra.bundling.LAMBDA_RUNTIME`)."""
LAMBDA_PLATFORM = "manylinux2014_aarch64"
"""Wheels for Lambda's arm64 (Graviton) Amazon Linux."""

REPO_ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = REPO_ROOT / "pyproject.toml"
WHEEL_CACHE = REPO_ROOT / "build" / "lambda-wheels"


class MissingWheels(RuntimeError):
    """The wheel cache is missing or incomplete; `make install` fills it."""


def runtime_requirements(pyproject: Path = PYPROJECT) -> list[str]:
    """Return the [project] dependencies of pyproject.toml: what the Lambda code imports."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return [str(requirement) for requirement in project["dependencies"]]


def _platform_flags() -> list[str]:
    return [
        "--platform",
        LAMBDA_PLATFORM,
        "--only-binary=:all:",
        "--python-version",
        LAMBDA_PYTHON_VERSION,
        "--implementation",
        "cp",
    ]


def download_wheels(dest: Path, requirements: list[str] | None = None) -> None:
    """Download the runtime dependencies and theirs as Lambda-platform wheels into `dest`.

    Raises:
        subprocess.CalledProcessError: pip failed (e.g. no wheel exists for the platform).
    """
    dest.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--dest", str(dest)]
    command += _platform_flags() + (requirements or runtime_requirements())
    subprocess.run(command, check=True)  # noqa: S603 - our own interpreter's pip, no shell


def install_wheels(cache: Path, target: Path, requirements: list[str] | None = None) -> None:
    """Install the runtime dependencies into `target` from `cache` alone, without network.

    pip runs isolated from the machine's pip configuration (extra indexes, find-links), so
    the result depends on the cache only, and writes no bytecode, so it is reproducible.

    Raises:
        MissingWheels: The cache does not hold every wheel needed.
    """
    if not any(cache.glob("*.whl")):
        raise MissingWheels(f"no wheels in {cache}; run `make install` first")
    command = [sys.executable, "-m", "pip", "--isolated", "install", "--quiet", "--no-index"]
    command += ["--find-links", str(cache), "--target", str(target), "--no-compile"]
    command += _platform_flags() + (requirements or runtime_requirements())
    result = subprocess.run(  # noqa: S603 - our own interpreter's pip, no shell
        command, check=False, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise MissingWheels(
            f"pip could not install the Lambda dependencies from {cache} (run `make install` "
            f"after changing pyproject.toml):\n{result.stderr}"
        )


def main(argv: list[str] | None = None) -> None:
    """Command line: `python -m ourchat_infra.wheels download [DEST]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("command", choices=["download"])
    parser.add_argument("dest", nargs="?", type=Path, default=WHEEL_CACHE)
    arguments = parser.parse_args(argv)
    download_wheels(arguments.dest)


if __name__ == "__main__":
    main()
