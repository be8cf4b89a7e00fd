"""Construction of the low-level DynamoDB client used by the store and the provisioning code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import boto3
from botocore.config import Config

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

RetryMode = Literal["standard", "adaptive"]

DEFAULT_MAX_ATTEMPTS = 3
# Lambda handlers must answer well within API Gateway's 29 s integration timeout.
DEFAULT_CONNECT_TIMEOUT_SECONDS = 2.0
DEFAULT_READ_TIMEOUT_SECONDS = 5.0


def make_dynamodb_client(
    endpoint_url: str | None,
    region_name: str,
    retry_mode: RetryMode = "standard",
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    *,
    access_key_id: str | None = None,
    secret_access_key: str | None = None,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT_SECONDS,
    read_timeout: float = DEFAULT_READ_TIMEOUT_SECONDS,
) -> DynamoDBClient:
    """Return a DynamoDB client whose throttling and 5xx retries botocore handles.

    Args:
        endpoint_url: A DynamoDB-compatible server (e.g. a local one); None for AWS itself.
        region_name: The AWS region.
        retry_mode: botocore's "standard" retries, or "adaptive" (client-side rate limiting).
        max_attempts: Attempts per call, the first one included.
        access_key_id: Explicit credentials (e.g. dummy ones for a local server); when None,
            boto3's default credential chain applies (the Lambda role on AWS).
        secret_access_key: The secret matching `access_key_id`.
        connect_timeout: Seconds to wait for a connection.
        read_timeout: Seconds to wait for a response.

    Raises:
        ValueError: `max_attempts` is below 1, or only one of the two credentials is given.
    """
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    if (access_key_id is None) != (secret_access_key is None):
        raise ValueError("give both access_key_id and secret_access_key, or neither")
    config = Config(
        retries={"mode": retry_mode, "total_max_attempts": max_attempts},
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
    )
    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint_url,
        region_name=region_name,
        aws_access_key_id=access_key_id,
        aws_secret_access_key=secret_access_key,
        config=config,
    )
