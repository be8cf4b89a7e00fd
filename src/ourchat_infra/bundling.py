"""The Lambda code asset: the runtime part of `ourchat` and its dependencies, without Docker.

Bundling runs in this process (CDK's local bundling): pip installs the runtime dependencies
for the Lambda platform from the local wheel cache, then the package is copied beside them.
No boto3 (the runtime provides it), no bytecode. The asset hash is the hash of that output,
which depends only on the wheels and the package's files, so two synths of the same tree
give the same hash.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import cast

import aws_cdk as cdk
import jsii
from aws_cdk import aws_lambda as lambda_

import ourchat
from ourchat_infra.wheels import WHEEL_CACHE, install_wheels

LAMBDA_RUNTIME = lambda_.Runtime.PYTHON_3_14
"""The newest Python runtime aws-cdk-lib offers; `wheels.LAMBDA_PYTHON_VERSION` must match."""
LAMBDA_ARCHITECTURE = lambda_.Architecture.ARM_64

PACKAGE_DIR = Path(ourchat.__file__).resolve().parent
SHIPPED = (
    "__init__.py",
    "py.typed",
    "bootstrap.py",
    "routes.py",
    "settings.py",
    "domain",
    "ports",
    "services",
    "adapters",
    "handlers",
    "auth",
    "protocol",
)
"""What Lambda runs, from the `ourchat` package: not the local gateway, its web client, the
local server or the command line, which only `ourchat serve` needs."""
_NOT_SHIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo")
# What pip writes besides the packages: console scripts (whose shebang names this machine's
# Python) and install records (which hash those scripts). Lambda needs neither, and they would
# make the asset hash depend on where the repository is checked out.
_INSTALL_LEFTOVERS = ("bin", "*.dist-info/RECORD", "*.dist-info/INSTALLER", "*.dist-info/REQUESTED")


def bundle_into(output: Path, package_dir: Path = PACKAGE_DIR, cache: Path = WHEEL_CACHE) -> None:
    """Write the deployable tree into `output`: the dependencies, then the package.

    Raises:
        MissingWheels: The wheel cache cannot satisfy the dependencies.
    """
    install_wheels(cache, output)
    for pattern in _INSTALL_LEFTOVERS:
        for leftover in output.glob(pattern):
            if leftover.is_dir():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()
    target = output / package_dir.name
    target.mkdir()
    for name in SHIPPED:
        source = package_dir / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=_NOT_SHIPPED)
        else:
            shutil.copy2(source, target / name)
    for stray in sorted(output.rglob("__pycache__"), reverse=True):
        shutil.rmtree(stray)


@jsii.implements(cdk.ILocalBundling)
class LocalBundler:
    """CDK local bundling that calls `bundle_into`; Docker is never needed."""

    def __init__(self, package_dir: Path = PACKAGE_DIR, cache: Path = WHEEL_CACHE) -> None:
        self._package_dir = package_dir
        self._cache = cache

    def try_bundle(self, output_dir: str, options: cdk.BundlingOptions) -> bool:
        """Bundle into `output_dir`; failures raise, so CDK never falls back to Docker.

        Args:
            output_dir: Where CDK wants the bundle.
            options: The asset's bundling options (unused: nothing runs in a container).
        """
        bundle_into(Path(output_dir), self._package_dir, self._cache)
        return True


def lambda_code() -> lambda_.Code:
    """Return the code asset every function of the app shares (one asset per stack).

    The Docker image is only a formality of `BundlingOptions`: local bundling always
    succeeds or raises, so the image is never pulled.
    """
    bundler = cast(cdk.ILocalBundling, LocalBundler())
    return lambda_.Code.from_asset(
        str(PACKAGE_DIR),
        asset_hash_type=cdk.AssetHashType.OUTPUT,
        exclude=["**/__pycache__", "**/*.pyc"],
        bundling=cdk.BundlingOptions(image=LAMBDA_RUNTIME.bundling_image, local=bundler),
    )
