"""Local bundling: the package and its arm64 dependencies, nothing else, the same every time.

Uses the wheel cache that `make install` fills (build/lambda-wheels); no network.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import aws_cdk as cdk
import boto3
import pytest

from ourchat.routes import AUTHORIZER_HANDLER, ROUTES
from ourchat_infra.bundling import (
    LAMBDA_RUNTIME,
    PACKAGE_DIR,
    SHIPPED,
    LocalBundler,
    bundle_into,
)
from ourchat_infra.wheels import REPO_ROOT, WHEEL_CACHE, MissingWheels


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("bundle")
    options = cdk.BundlingOptions(image=LAMBDA_RUNTIME.bundling_image)

    assert LocalBundler().try_bundle(str(output), options) is True
    return output


def module_file(root: Path, handler: str) -> Path:
    return root.joinpath(*handler.split(".")[:-1]).with_suffix(".py")


def test_every_handler_module_is_in_the_bundle(bundle: Path) -> None:
    for handler in [AUTHORIZER_HANDLER, *(route.handler for route in ROUTES)]:
        bundled = module_file(bundle, handler)
        assert bundled.read_bytes() == module_file(PACKAGE_DIR.parent, handler).read_bytes()


def test_the_bundle_holds_only_what_lambda_runs(bundle: Path) -> None:
    shipped = {path.name for path in (bundle / "ourchat").iterdir()}
    assert shipped == set(SHIPPED)
    assert not {"gateway", "local", "cli", "static", "bench"} & shipped
    assert not list(bundle.rglob("*.js"))
    assert not list(bundle.rglob("*.html"))


def test_every_handler_imports_from_the_bundled_package_alone(bundle: Path, tmp_path: Path) -> None:
    # The bundled dependencies are built for arm64, so this machine's stand in for them; the
    # bundled `ourchat` comes first, and the checkout's (an editable install, found through
    # a .pth file that -S leaves unread) is out of reach.
    shutil.copytree(bundle / "ourchat", tmp_path / "ourchat")
    site_packages = str(Path(boto3.__file__).resolve().parent.parent)
    handlers = sorted({AUTHORIZER_HANDLER.rsplit(".", 1)[0], *(r.module for r in ROUTES)})
    code = (
        "import importlib, sys\n"
        f"sys.path[:0] = [{str(tmp_path)!r}, {site_packages!r}]\n"
        "for name in sys.argv[1:]:\n"
        "    module = importlib.import_module(name)\n"
        f"    assert module.__file__.startswith({str(tmp_path)!r}), module.__file__\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, *handlers],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_dependencies_are_built_for_lambda_arm64_and_its_python(bundle: Path) -> None:
    version = LAMBDA_RUNTIME.name.removeprefix("python").replace(".", "")

    assert list(bundle.glob(f"msgspec/_core.cpython-{version}-aarch64-linux-gnu.so"))
    assert list(bundle.glob("cryptography/hazmat/bindings/_rust.abi3.so"))
    assert (bundle / "jwt" / "__init__.py").is_file()


def test_the_bundle_has_no_boto3_no_bytecode_and_no_scripts(bundle: Path) -> None:
    names = {path.name for path in bundle.rglob("*")}

    assert not {"boto3", "botocore", "__pycache__", "bin"} & names
    assert not [path for path in bundle.rglob("*") if path.suffix in {".pyc", ".pyo"}]
    assert not (bundle / "tests").exists()
    assert not (bundle / "ourchat_infra").exists()


def test_nothing_in_the_bundle_names_this_checkout(bundle: Path) -> None:
    checkout = str(REPO_ROOT).encode()

    assert not [p for p in bundle.rglob("*") if p.is_file() and checkout in p.read_bytes()]


def test_two_bundles_of_the_same_tree_have_the_same_asset_hash(
    bundle: Path, tmp_path: Path
) -> None:
    bundle_into(tmp_path / "again")

    assert cdk.FileSystem.fingerprint(str(tmp_path / "again")) == cdk.FileSystem.fingerprint(
        str(bundle)
    )


def test_an_empty_wheel_cache_fails_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(MissingWheels, match="make install"):
        bundle_into(tmp_path / "out", cache=tmp_path / "no-wheels")


def test_the_wheel_cache_is_where_make_install_puts_it() -> None:
    assert WHEEL_CACHE == REPO_ROOT / "build" / "lambda-wheels"
    assert list(WHEEL_CACHE.glob("*.whl")), "run `make install` to fill the wheel cache"
