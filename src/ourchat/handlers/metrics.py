"""Custom CloudWatch metrics as embedded metric format (EMF) lines on stdout.

CloudWatch Logs turns a log line shaped as EMF into a metric data point, so a function
reports a metric by printing one JSON line: no API call, no client, no extra latency. Every
metric is in namespace `ourchat`, with the function's name as its only dimension, so two
stages in one account keep apart (locally the name is `local`).
"""

from __future__ import annotations

import json
import os
import sys
import time

NAMESPACE = "ourchat"
DIMENSION = "FunctionName"


def emit_metric(name: str, value: float = 1, unit: str = "Count") -> None:
    """Print one EMF line carrying one data point of metric `name`.

    Args:
        name: The metric's name, e.g. `AuthorizerFailures`.
        value: The data point.
        unit: A CloudWatch unit, e.g. `Count` or `Milliseconds`.
    """
    function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "local")
    line = {
        "_aws": {
            "Timestamp": int(time.time() * 1000),
            "CloudWatchMetrics": [
                {
                    "Namespace": NAMESPACE,
                    "Dimensions": [[DIMENSION]],
                    "Metrics": [{"Name": name, "Unit": unit}],
                }
            ],
        },
        DIMENSION: function_name,
        name: value,
    }
    print(json.dumps(line), file=sys.stdout, flush=True)
