"""A DynamoDB client for moto's server on 127.0.0.1, with dummy credentials."""

from __future__ import annotations

from mypy_boto3_dynamodb import DynamoDBClient

from ourchat.adapters.dynamodb.client import make_dynamodb_client

MOTO_REGION = "us-east-1"
DUMMY_CREDENTIAL = "testing"


def moto_client(endpoint: str, *, max_attempts: int = 3) -> DynamoDBClient:
    """Return a DynamoDB client for moto's server, with dummy credentials."""
    return make_dynamodb_client(
        endpoint,
        MOTO_REGION,
        max_attempts=max_attempts,
        access_key_id=DUMMY_CREDENTIAL,
        secret_access_key=DUMMY_CREDENTIAL,
    )
