"""Classification of DynamoDB failures, and their translation into domain errors.

botocore retries throttling and 5xx responses itself (see `client.make_dynamodb_client`); a
failure that survives those retries becomes `InternalError`, which tells the caller the
operation had no effect and may be tried again. Other client errors are programming or
configuration mistakes and propagate unchanged so that they are loud.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotocoreConnectionError

from ourchat.domain.errors import InternalError

P = ParamSpec("P")
R = TypeVar("R")

TRY_AGAIN = "the database is busy or unreachable; try again"

CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailedException"
TRANSACTION_CANCELED = "TransactionCanceledException"
# Codes of CancellationReasons entries.
REASON_CONDITION_FAILED = "ConditionalCheckFailed"
REASON_NONE = "None"
# Cancellation reasons that say "not now" rather than "not ever".
TRANSIENT_REASONS = frozenset(
    {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"}
)
TRANSIENT_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "ThrottlingException",
        "Throttling",
        "TransactionInProgressException",
        "InternalServerError",
        "ServiceUnavailable",
    }
)


def error_code(error: ClientError) -> str:
    """Return the error code of a failed call, e.g. ConditionalCheckFailedException."""
    return error.response.get("Error", {}).get("Code", "")


def cancellation_reasons(error: ClientError) -> list[str]:
    """Return the reason code of each item of a cancelled transaction, in request order."""
    reasons = error.response.get("CancellationReasons", [])
    return [reason.get("Code", REASON_NONE) for reason in reasons]


def is_transient(error: ClientError) -> bool:
    """Tell whether a failed call may succeed if simply tried again later."""
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    if error_code(error) in TRANSIENT_CODES or status >= 500:
        return True
    reasons = cancellation_reasons(error)
    failed = [reason for reason in reasons if reason != REASON_NONE]
    return bool(failed) and all(reason in TRANSIENT_REASONS for reason in failed)


@contextmanager
def transient_errors_as_internal() -> Iterator[None]:
    """Turn throttling, 5xx and connection failures into `InternalError`.

    Raises:
        InternalError: DynamoDB stayed unavailable through botocore's retries.
    """
    try:
        yield
    except ClientError as error:
        if is_transient(error):
            raise InternalError(TRY_AGAIN) from error
        raise
    except (BotocoreConnectionError, HTTPClientError) as error:
        raise InternalError(TRY_AGAIN) from error


def translating_errors(method: Callable[P, R]) -> Callable[P, R]:
    """Decorate a store method so that transient failures surface as `InternalError`."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with transient_errors_as_internal():
            return method(*args, **kwargs)

    return wrapper
