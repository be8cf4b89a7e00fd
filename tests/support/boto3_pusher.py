"""A Pusher over boto3's @connections client, for checking InProcessPusher against it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

if TYPE_CHECKING:
    from mypy_boto3_apigatewaymanagementapi import ApiGatewayManagementApiClient


class Boto3Pusher:
    """Posts to each connection; GoneException means gone, other errors are swallowed."""

    def __init__(self, client: ApiGatewayManagementApiClient) -> None:
        self._client = client
        self.failures: list[str] = []

    def send(self, connection_ids: Sequence[str], data: bytes) -> list[str]:
        """Post `data` to every connection; return the ids that answered 410 Gone."""
        gone = []
        for connection_id in connection_ids:
            try:
                self._client.post_to_connection(ConnectionId=connection_id, Data=data)
            except self._client.exceptions.GoneException:
                gone.append(connection_id)
            except ClientError as error:
                self.failures.append(error.response["Error"]["Code"])
        return gone

    def disconnect(self, connection_ids: Sequence[str]) -> None:
        """Delete every connection; gone ones are skipped."""
        for connection_id in connection_ids:
            try:
                self._client.delete_connection(ConnectionId=connection_id)
            except self._client.exceptions.GoneException:
                pass
            except ClientError as error:
                self.failures.append(error.response["Error"]["Code"])

    def close(self) -> None:
        """Close the client's connections."""
        self._client.close()
