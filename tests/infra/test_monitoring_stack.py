"""Monitoring: alarms on functions, tables and the stage, all notifying one encrypted topic."""

from __future__ import annotations

from collections.abc import Iterator

from aws_cdk.assertions import Match

from ourchat_infra.metrics import ADAPTER_OPERATIONS
from tests.support.synth import Json, Synthesized, logical_id


def alarms(synthesized: Synthesized) -> dict[str, Json]:
    return synthesized.resources(synthesized.stacks.monitoring, "AWS::CloudWatch::Alarm")


def dimension_values(alarm: Json) -> Iterator[object]:
    properties = alarm["Properties"]
    for dimension in properties.get("Dimensions", []):
        yield dimension["Value"]
    for metric in properties.get("Metrics", []):
        for dimension in metric.get("MetricStat", {}).get("Metric", {}).get("Dimensions", []):
            yield dimension["Value"]


def alarmed(synthesized: Synthesized, metric_name: str) -> set[tuple[str, str]]:
    """Return the resources whose `metric_name` an alarm watches, as (stack, logical id)."""
    watched: set[tuple[str, str]] = set()
    for alarm in alarms(synthesized).values():
        properties = alarm["Properties"]
        names = {properties.get("MetricName")} | {
            m.get("MetricStat", {}).get("Metric", {}).get("MetricName")
            for m in properties.get("Metrics", [])
        }
        if metric_name in names:
            watched |= {
                synthesized.origin(v) for v in dimension_values(alarm) if isinstance(v, dict)
            }
    return watched


def test_every_function_has_an_errors_and_a_throttles_alarm(synthesized: Synthesized) -> None:
    api = synthesized.stacks.api
    functions = {(api.stack_name, logical_id(f.function)) for f in api.functions.values()}
    authorizer = (api.stack_name, logical_id(api.functions["Authorizer"].function))

    # The authorizer's refusals count as Lambda errors: anyone could page the operator
    assert alarmed(synthesized, "Errors") == functions - {authorizer}
    assert alarmed(synthesized, "Throttles") == functions


def test_the_authorizers_unexpected_failures_have_an_alarm(synthesized: Synthesized) -> None:
    api = synthesized.stacks.api
    authorizer = (api.stack_name, logical_id(api.functions["Authorizer"].function))

    [alarm] = [
        a for a in alarms(synthesized).values() if a["Properties"].get("Namespace") == "ourchat"
    ]

    assert alarm["Properties"]["MetricName"] == "AuthorizerFailures"
    assert alarm["Properties"]["Threshold"] == 1
    [dimension] = alarm["Properties"]["Dimensions"]
    assert dimension["Name"] == "FunctionName"
    assert synthesized.origin(dimension["Value"]) == authorizer


def test_every_table_has_a_throttled_requests_alarm_over_the_adapters_operations(
    synthesized: Synthesized,
) -> None:
    data = synthesized.stacks.data
    tables = {(data.stack_name, logical_id(t)) for t in data.tables.values()}

    assert alarmed(synthesized, "ThrottledRequests") == tables
    for alarm in alarms(synthesized).values():
        metrics = alarm["Properties"].get("Metrics", [])
        operations = [
            d["Value"]
            for m in metrics
            for d in m.get("MetricStat", {}).get("Metric", {}).get("Dimensions", [])
            if d["Name"] == "Operation"
        ]
        if operations:
            assert sorted(operations) == sorted(ADAPTER_OPERATIONS)
            assert "FILL(" in metrics[0]["Expression"]


def test_the_stage_has_integration_and_execution_error_alarms(synthesized: Synthesized) -> None:
    api = synthesized.stacks.api
    stage_alarms = [
        a
        for a in alarms(synthesized).values()
        if a["Properties"].get("Namespace") == "AWS/ApiGateway"
    ]

    assert sorted(a["Properties"]["MetricName"] for a in stage_alarms) == [
        "ExecutionError",
        "IntegrationError",
    ]
    for alarm in stage_alarms:
        dimensions = {d["Name"]: d["Value"] for d in alarm["Properties"]["Dimensions"]}
        assert synthesized.origin(dimensions["ApiId"]) == (api.stack_name, logical_id(api.api))
        assert dimensions["Stage"] == "prod"


def test_every_alarm_notifies_the_encrypted_topic(synthesized: Synthesized) -> None:
    monitoring = synthesized.stacks.monitoring
    topic_id = logical_id(monitoring.topic)

    for alarm in alarms(synthesized).values():
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": topic_id}]
    synthesized.template(monitoring).has_resource_properties(
        "AWS::SNS::Topic", {"KmsMasterKeyId": Match.any_value()}
    )


def test_there_is_a_dashboard(synthesized: Synthesized) -> None:
    synthesized.template(synthesized.stacks.monitoring).has_resource_properties(
        "AWS::CloudWatch::Dashboard", {"DashboardName": "ourchat-prod"}
    )
