"""The monitoring stack: alarms that notify an SNS topic, and a dashboard.

Alarms: errors and throttles of every function (the queue consumers' included), throttled
requests of every table (for each operation the DynamoDB adapter makes), the stage's
integration errors and execution errors (WebSocket APIs have no 5XXError metric: a
server-side failure to run a route is an ExecutionError), any message in a consumer's
dead-letter queue, and a consumer falling behind (its oldest message older than
`QUEUE_AGE_SECONDS`). Subscribe to the topic with context `alarmEmail`.

The authorizer is the exception: it refuses a bad token by raising, which Lambda counts as an
error, so its Errors metric is anyone's to raise. Its alarm watches `AuthorizerFailures`
instead, the metric the authorizer emits (EMF) for failures other than refusals.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

from ourchat.handlers.authorizer import FAILURE_METRIC
from ourchat.handlers.metrics import DIMENSION, NAMESPACE
from ourchat_infra.api_stack import ApiStack
from ourchat_infra.config import InfraConfig
from ourchat_infra.dashboard import build_dashboard
from ourchat_infra.data_stack import DataStack
from ourchat_infra.metrics import PERIOD, api_metric, throttled_requests

AUTHORIZER = "Authorizer"
# A few integration errors are clients' own doing (a refused $connect answers 403).
INTEGRATION_ERRORS_THRESHOLD = 10
# A queued fan-out normally leaves within seconds; a minute means the consumer lags.
QUEUE_AGE_SECONDS = 60


class MonitoringStack(cdk.Stack):
    """Alarms, their topic and the dashboard.

    Attributes:
        topic: Where alarms send notifications.
        alarms: Every alarm, by construct id.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        api: ApiStack,
        data: DataStack,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.topic = self._topic(config)
        self.alarms: dict[str, cloudwatch.Alarm] = {}
        for name, chat_function in api.functions.items():
            function = chat_function.function
            if name != AUTHORIZER:
                self._alarm(f"{name}Errors", function.metric_errors(period=PERIOD), 1)
            self._alarm(f"{name}Throttles", function.metric_throttles(period=PERIOD), 1)
        authorizer = api.functions[AUTHORIZER].function
        failures = cloudwatch.Metric(
            namespace=NAMESPACE,
            metric_name=FAILURE_METRIC,
            dimensions_map={DIMENSION: authorizer.function_name},
            statistic="Sum",
            period=PERIOD,
        )
        self._alarm(f"{AUTHORIZER}Failures", failures, 1)
        for logical_name, table in data.tables.items():
            self._alarm(f"{logical_name}TableThrottles", throttled_requests(table), 1)
        self._alarm(
            "IntegrationErrors",
            api_metric(api, "IntegrationError"),
            INTEGRATION_ERRORS_THRESHOLD,
        )
        self._alarm("ExecutionErrors", api_metric(api, "ExecutionError"), 1)
        for name, queues in api.consumer_queues.items():
            title = f"{name[:1].upper()}{name[1:]}"
            self._alarm(
                f"{title}DeadLetters",
                queues.dead_letters.metric_approximate_number_of_messages_visible(
                    period=PERIOD, statistic="Maximum"
                ),
                1,
            )
            self._alarm(
                f"{title}QueueAge",
                queues.queue.metric_approximate_age_of_oldest_message(
                    period=PERIOD, statistic="Maximum"
                ),
                QUEUE_AGE_SECONDS,
            )
        build_dashboard(self, "Dashboard", config=config, api=api, data=data, alarms=self.alarms)

    def _topic(self, config: InfraConfig) -> sns.Topic:
        key = kms.Key(
            self,
            "AlarmTopicKey",
            description=f"Encrypts the ourchat {config.stage_name} alarm topic",
            enable_key_rotation=True,
            # It protects notifications in flight only: nothing to keep once the stack is gone.
            removal_policy=cdk.RemovalPolicy.DESTROY,
            pending_window=cdk.Duration.days(7),
        )
        # CloudWatch publishes to the encrypted topic with this key.
        key.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                actions=["kms:Decrypt", "kms:GenerateDataKey"],
                resources=["*"],
            )
        )
        topic = sns.Topic(
            self,
            "Alarms",
            display_name=f"ourchat {config.stage_name} alarms",
            master_key=key,
            enforce_ssl=True,
        )
        if config.alarm_email:
            topic.add_subscription(subscriptions.EmailSubscription(config.alarm_email))
        return topic

    def _alarm(self, construct_id: str, metric: cloudwatch.IMetric, threshold: float) -> None:
        alarm = cloudwatch.Alarm(
            self,
            construct_id,
            metric=metric,
            threshold=threshold,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        alarm.add_alarm_action(actions.SnsAction(self.topic))
        self.alarms[construct_id] = alarm
