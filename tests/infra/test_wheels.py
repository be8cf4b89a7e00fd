"""The Lambda platform: the newest Python runtime of aws-cdk-lib, deps from pyproject.toml."""

from __future__ import annotations

import re
import tomllib

from aws_cdk import aws_lambda as lambda_

from ourchat_infra.bundling import LAMBDA_RUNTIME
from ourchat_infra.wheels import LAMBDA_PYTHON_VERSION, PYPROJECT, runtime_requirements


def python_version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.removeprefix("python").split("."))


def test_the_runtime_is_the_newest_python_that_aws_cdk_lib_offers() -> None:
    offered = [
        getattr(lambda_.Runtime, name).name
        for name in dir(lambda_.Runtime)
        if re.fullmatch(r"PYTHON_3_\d+", name)
    ]

    assert LAMBDA_RUNTIME.name == max(offered, key=python_version)


def test_the_wheels_are_for_the_runtimes_python() -> None:
    assert LAMBDA_RUNTIME.name == f"python{LAMBDA_PYTHON_VERSION}"


def test_the_runtime_requirements_are_pyprojects_dependencies_without_boto3() -> None:
    project = tomllib.loads(PYPROJECT.read_text())["project"]

    requirements = runtime_requirements()

    assert requirements == project["dependencies"]
    assert not [r for r in requirements if r.lower().startswith(("boto3", "botocore"))]
