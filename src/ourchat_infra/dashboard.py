"""The CloudWatch dashboard: traffic and errors of the stage, functions and tables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from ourchat_infra.config import InfraConfig
from ourchat_infra.data_stack import DataStack
from ourchat_infra.metrics import api_metric

if TYPE_CHECKING:
    from ourchat_infra.api_stack import ApiStack

WIDGET_WIDTH = 12
WIDGET_HEIGHT = 6


def _graph(title: str, metrics: list[cloudwatch.IMetric]) -> cloudwatch.GraphWidget:
    return cloudwatch.GraphWidget(
        title=title, left=metrics, width=WIDGET_WIDTH, height=WIDGET_HEIGHT
    )


def build_dashboard(
    scope: Construct,
    construct_id: str,
    *,
    config: InfraConfig,
    api: ApiStack,
    data: DataStack,
    alarms: Mapping[str, cloudwatch.Alarm],
) -> cloudwatch.Dashboard:
    """Return a dashboard of the stage's traffic, the functions, the tables and the alarms."""
    functions = {name: f.function for name, f in api.functions.items()}
    stage = [
        _graph(
            "Connections and messages",
            [api_metric(api, "ConnectCount"), api_metric(api, "MessageCount")],
        ),
        _graph(
            "Stage errors",
            [
                api_metric(api, "ClientError"),
                api_metric(api, "IntegrationError"),
                api_metric(api, "ExecutionError"),
            ],
        ),
    ]
    lambdas = [
        _graph("Function errors", [f.metric_errors(label=n) for n, f in functions.items()]),
        _graph(
            "Function duration (p99)",
            [f.metric_duration(label=n, statistic="p99") for n, f in functions.items()],
        ),
    ]
    tables = [
        _graph(
            "Consumed read units",
            [t.metric_consumed_read_capacity_units(label=n) for n, t in data.tables.items()],
        ),
        _graph(
            "Consumed write units",
            [t.metric_consumed_write_capacity_units(label=n) for n, t in data.tables.items()],
        ),
    ]
    status = cloudwatch.AlarmStatusWidget(
        title="Alarms", alarms=list(alarms.values()), width=2 * WIDGET_WIDTH
    )
    return cloudwatch.Dashboard(
        scope,
        construct_id,
        dashboard_name=f"ourchat-{config.stage_name}",
        widgets=[stage, lambdas, tables, [status]],
    )
