"""boto3's @connections client, and a pusher on it (`post_to_connection` per recipient).

The client serves GET and DELETE; pushes go through `connections_pusher.ConnectionsPusher`,
which signs and sends POSTs far more cheaply. `ManagementApiPusher` stays as the baseline
the benchmark's CPU probe compares it with. The same client works against AWS
(`https://{domainName}/{stage}`) and against the local gateway (`http://127.0.0.1:PORT/{stage}`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

if TYPE_CHECKING:
    from mypy_boto3_apigatewaymanagementapi import ApiGatewayManagementApiClient

logger = logging.getLogger("ourchat.pusher")

DEFAULT_CONCURRENCY = 16


def make_management_client(
    endpoint_url: str,
    region_name: str,
    concurrency: int = DEFAULT_CONCURRENCY,
    *,
    access_key_id: str | None = None,
    secret_access_key: str | None = None,
) -> ApiGatewayManagementApiClient:
    """Return a management API client with short timeouts and standard retries.

    A recipient's slow connection must not hold up the sender's request for long, so
    timeouts are short and retries few.

    Args:
        endpoint_url: `https://{domainName}/{stage}` on AWS, or the local gateway's URL.
        region_name: The API's region (part of the SigV4 signature).
        concurrency: Connections in the client's pool, one per concurrent push.
        access_key_id: Explicit credentials (the local gateway's key); None uses boto3's
            default chain (the Lambda role on AWS).
        secret_access_key: The secret matching `access_key_id`.
    """
    config = Config(
        retries={"mode": "standard", "max_attempts": 2},
        connect_timeout=2,
        read_timeout=5,
        max_pool_connections=concurrency,
    )
    return boto3.client(
        "apigatewaymanagementapi",
        endpoint_url=endpoint_url,
        region_name=region_name,
        config=config,
        aws_access_key_id=access_key_id,
        aws_secret_access_key=secret_access_key,
    )


class ManagementApiPusher:
    """Implements the Pusher port with @connections POST, several recipients at a time."""

    def __init__(
        self, client: ApiGatewayManagementApiClient, concurrency: int = DEFAULT_CONCURRENCY
    ) -> None:
        self._client = client
        self._concurrency = concurrency
        self._executor: ThreadPoolExecutor | None = None

    def send(self, connection_ids: Sequence[str], data: bytes) -> list[str]:
        """Post `data` to every connection; return the ids that answered 410 Gone."""
        if len(connection_ids) <= 1:
            outcomes = [self._post(connection_id, data) for connection_id in connection_ids]
        else:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self._concurrency, "ourchat-push")
            outcomes = list(self._executor.map(lambda cid: self._post(cid, data), connection_ids))
        return [cid for cid, gone in zip(connection_ids, outcomes, strict=True) if gone]

    def _post(self, connection_id: str, data: bytes) -> bool:
        """Post to one connection; True when it is gone. Other failures are logged only."""
        try:
            self._client.post_to_connection(ConnectionId=connection_id, Data=data)
        except self._client.exceptions.GoneException:
            return True
        except (ClientError, BotoCoreError) as error:
            # A recipient's failure must not fail the sender's request; it is logged instead.
            logger.info("push failed", extra={"error": type(error).__name__})
        return False

    def disconnect(self, connection_ids: Sequence[str]) -> None:
        """Delete every connection; gone ones are skipped, other failures logged."""
        for connection_id in connection_ids:
            try:
                self._client.delete_connection(ConnectionId=connection_id)
            except self._client.exceptions.GoneException:
                continue
            except (ClientError, BotoCoreError) as error:
                logger.info("disconnect failed", extra={"error": type(error).__name__})

    def close(self) -> None:
        """Stop the worker threads."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
