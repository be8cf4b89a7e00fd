"""The WebSocket stage's access log: one JSON object per connect, frame and disconnect.

The fields are API Gateway `$context` variables of WebSocket APIs. `requestId` matches the
`correlation_id` of the handlers' own logs (`ourchat.handlers.logs`), so a refused or failed
request can be followed from the gateway into the function.
"""

from __future__ import annotations

import json

import jsii
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_logs as logs

ACCESS_LOG_FIELDS = {
    "requestId": "$context.requestId",
    "extendedRequestId": "$context.extendedRequestId",
    "requestTime": "$context.requestTimeEpoch",
    "eventType": "$context.eventType",
    "routeKey": "$context.routeKey",
    "connectionId": "$context.connectionId",
    "status": "$context.status",
    "sourceIp": "$context.identity.sourceIp",
    # Behind CloudFront sourceIp is CloudFront's; the authorizer passes on the viewer's
    # address (IP:port) from CloudFront's CloudFront-Viewer-Address header.
    "viewerAddress": "$context.authorizer.viewerAddress",
    "userAgent": "$context.identity.userAgent",
    "userId": "$context.authorizer.principalId",
    "authorizerError": "$context.authorizer.error",
    "integrationStatus": "$context.integration.status",
    "integrationError": "$context.integration.error",
    "integrationLatencyMs": "$context.integrationLatency",
    "error": "$context.error.message",
}


@jsii.implements(apigwv2.IAccessLogSettings)
class JsonAccessLog:
    """Access log settings of a WebSocket stage: JSON lines into a log group."""

    def __init__(self, log_group: logs.ILogGroup) -> None:
        self._destination = apigwv2.LogGroupLogDestination(log_group)

    @property
    def destination(self) -> apigwv2.IAccessLogDestination:
        """The log group the lines go to."""
        return self._destination

    @property
    def format(self) -> apigateway.AccessLogFormat:
        """One JSON object per line, with the fields of `ACCESS_LOG_FIELDS`."""
        return apigateway.AccessLogFormat.custom(json.dumps(ACCESS_LOG_FIELDS))
