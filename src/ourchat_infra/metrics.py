"""CloudWatch metrics CDK offers no helper for: the WebSocket stage's, and table throttling."""

from __future__ import annotations

from typing import TYPE_CHECKING

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dynamodb as dynamodb

if TYPE_CHECKING:
    from ourchat_infra.api_stack import ApiStack

PERIOD = cdk.Duration.minutes(5)


def api_metric(api: ApiStack, name: str) -> cloudwatch.Metric:
    """Return a metric of the stage (ConnectCount, IntegrationError, ...), summed per period."""
    return cloudwatch.Metric(
        namespace="AWS/ApiGateway",
        metric_name=name,
        dimensions_map={"ApiId": api.api.api_id, "Stage": api.stage.stage_name},
        statistic="Sum",
        period=PERIOD,
    )


# The operations of the DynamoDB adapter (docs/design.md, "Principles"), as CloudWatch names them.
ADAPTER_OPERATIONS = (
    "GetItem",
    "BatchGetItem",
    "Query",
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "TransactWriteItems",
)


def throttled_requests(table: dynamodb.ITable) -> cloudwatch.MathExpression:
    """Return a table's throttled requests summed over the adapter's operations.

    An operation without data in a period counts as zero (FILL), so that throttling of one
    operation is not hidden by the silence of the others.
    """
    metrics: dict[str, cloudwatch.IMetric] = {
        f"op{index}": table.metric(
            "ThrottledRequests",
            dimensions_map={"TableName": table.table_name, "Operation": operation},
            statistic="Sum",
            period=PERIOD,
        )
        for index, operation in enumerate(ADAPTER_OPERATIONS)
    }
    return cloudwatch.MathExpression(
        expression=" + ".join(f"FILL({name}, 0)" for name in metrics),
        using_metrics=metrics,
        label="Throttled requests",
        period=PERIOD,
    )
