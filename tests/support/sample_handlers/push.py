"""A route that pushes through the @connections API with boto3, as the real handlers do.

Frame: {"action": "push", "to": [connection ids], "data": "text"}; answers {"gone": [...]}.
"""

from __future__ import annotations

import json
from typing import Any

import boto3

from tests.support.gateway import SAMPLE_KEY


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Post `data` to every recipient; report the gone ones."""
    request = json.loads(event["body"])
    rc = event["requestContext"]
    client = boto3.client(
        "apigatewaymanagementapi",
        endpoint_url=f"http://{rc['domainName']}/{rc['stage']}",
        region_name="us-east-1",
        aws_access_key_id=SAMPLE_KEY.access_key_id,
        aws_secret_access_key=SAMPLE_KEY.secret_access_key,
    )
    gone = []
    for connection_id in request["to"]:
        try:
            client.post_to_connection(ConnectionId=connection_id, Data=request["data"].encode())
        except client.exceptions.GoneException:
            gone.append(connection_id)
    return {"statusCode": 200, "body": json.dumps({"gone": gone})}
