"""Scenario 5a, cold start: each handler module's import time in fresh interpreters, vs boto3.

Three variants per handler, each the median of several fresh interpreters:

- "import": `import ourchat.handlers.X` alone (what Lambda's init phase runs);
- "first call": plus the modules the first invocation imports lazily (the composition root
  picks the DynamoDB store, which imports boto3, and the @connections pusher, which imports
  botocore's signer);
- "first call + clients": plus building what the first invocation builds (the boto3
  DynamoDB client, and the lean @connections pusher for pushing routes).

`boto3` alone is timed as "import" and as "first call + clients" (both clients built). The
first-call variants are timed for one handler of each kind (the authorizer, $connect, a
route that does not push, one that pushes): every other handler's first call does the same.
Only the import is timed, not the interpreter's own start-up, which every module pays alike.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence

from benchmarks.progress import Progress
from benchmarks.results import ColdStart, ImportTiming
from benchmarks.stats import median
from ourchat.routes import AUTHORIZER_HANDLER, ROUTES

BOTO3 = "boto3"
VARIANTS = ("import", "first call", "first call + clients")
HEAVY_PACKAGES = ("boto3", "botocore", "urllib3", "jwt", "cryptography", "msgspec")
RUN_SECONDS = 60
AUTHORIZER_MODULE = AUTHORIZER_HANDLER.rpartition(".")[0]
_PUSHING = frozenset(route.module for route in ROUTES if route.pushes)
FIRST_CALL_KINDS = (
    AUTHORIZER_MODULE,
    "ourchat.handlers.connect",
    "ourchat.handlers.get_last_messages",
    "ourchat.handlers.send_message",
)
_ADAPTERS = (
    "import ourchat.adapters.dynamodb.client, ourchat.adapters.dynamodb.store\n"
    "import ourchat.adapters.apigateway.connections_pusher\n"
)
_ENVIRONMENT = (
    "from ourchat.handlers.function import environment_dependencies\n"
    "deps = environment_dependencies()\n"
)
_BOTO3_CLIENTS = (
    "boto3.client('dynamodb')\n"
    "boto3.client('apigatewaymanagementapi',"
    " endpoint_url='https://abc.execute-api.us-east-1.amazonaws.com/prod')\n"
)


def handler_modules() -> tuple[str, ...]:
    """Every handler module of the route manifest, and the authorizer's."""
    return (*(route.module for route in ROUTES), AUTHORIZER_MODULE)


def lambda_environment() -> dict[str, str]:
    """An environment like a deployed function's: DynamoDB store, Cognito auth, dummy keys.

    Explicit (dummy) credentials keep boto3 from looking for any elsewhere.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "OURCHAT_"))}
    env.update(
        AWS_REGION="us-east-1",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",  # noqa: S106 - a dummy value
        AWS_EC2_METADATA_DISABLED="true",
        OURCHAT_STORE="dynamodb",
        OURCHAT_AUTH_MODE="cognito",
        OURCHAT_JWT_ISSUER="https://cognito-idp.us-east-1.amazonaws.com/us-east-1_bench",
        OURCHAT_JWT_AUDIENCE="bench",
        OURCHAT_MANAGEMENT_ENDPOINT="https://abc.execute-api.us-east-1.amazonaws.com/prod",
    )
    return env


def _work(module: str, variant: str) -> str:
    """The statements to time in a fresh interpreter."""
    if module == BOTO3:
        return "import boto3\n" + (_BOTO3_CLIENTS if variant == "first call + clients" else "")
    code = f"import {module}\n"
    if module == AUTHORIZER_MODULE:
        if variant != "import":
            # The authorizer's first call builds the token verifier; it needs no boto3.
            code += _ENVIRONMENT + "deps.gatekeeper\n"
        return code
    if variant == "first call":
        code += _ADAPTERS
    elif variant == "first call + clients":
        code += _ENVIRONMENT + "deps.store\n"
        if module in _PUSHING:
            code += "deps.pusher\n"
    return code


def _script(work: str) -> str:
    indented = "".join(f"    {line}\n" for line in work.splitlines())
    return (
        "import time\n_t = time.perf_counter()\nif True:\n"
        f"{indented}print((time.perf_counter() - _t) * 1000)\n"
    )


class ImportFailed(RuntimeError):
    """A timed import failed in its fresh interpreter."""


def _python(code: str, env: Mapping[str, str]) -> str:
    """Run code in a fresh interpreter; return its stdout.

    Raises:
        ImportFailed: The code failed (the message ends with its stderr).
    """
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(env),
        timeout=RUN_SECONDS,
        check=False,
    )
    if result.returncode != 0:
        raise ImportFailed(f"{code!r} failed: {result.stderr.strip()[-500:]}")
    return result.stdout


def time_once(module: str, variant: str, env: Mapping[str, str]) -> float:
    """Import in a fresh interpreter and return the milliseconds it took.

    Raises:
        ImportFailed: The import failed.
    """
    return float(_python(_script(_work(module, variant)), env).strip().splitlines()[-1])


def loaded_at_import(module: str, env: Mapping[str, str]) -> tuple[str, ...]:
    """Return which heavy packages importing the module loads (module level only).

    Raises:
        ImportFailed: The import failed.
    """
    probe = (
        f"import sys\nimport {module}\n"
        f"print(' '.join(p for p in {HEAVY_PACKAGES!r} if p in sys.modules))\n"
    )
    return tuple(_python(probe, env).split())


def measure_coldstart(modules: Sequence[str], runs: int, progress: Progress) -> ColdStart:
    """Time every (module, variant) `runs` times, round-robin so that noise spreads evenly."""
    env = lambda_environment()
    cases = [(BOTO3, "import"), (BOTO3, "first call + clients")]
    for module in modules:
        kinds = VARIANTS if module in FIRST_CALL_KINDS else VARIANTS[:1]
        cases += [(module, variant) for variant in kinds]
    samples: dict[tuple[str, str], list[float]] = {case: [] for case in cases}
    for run in range(runs):
        for index, (module, variant) in enumerate(cases):
            samples[(module, variant)].append(time_once(module, variant, env))
            progress.update("cold starts", run * len(cases) + index + 1, runs * len(cases))
    timings = tuple(
        ImportTiming(module, variant, median(values), len(values))
        for (module, variant), values in samples.items()
    )
    loaded = {module: loaded_at_import(module, env) for module in modules}
    return ColdStart(timings, loaded)
