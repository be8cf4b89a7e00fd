"""CloudWatch embedded metric format (EMF): metrics as one JSON log line on stdout.

Lambda sends stdout to CloudWatch Logs, which turns a line in this format into metrics, with
no PutMetricData call and no extra permission. Locally the lines go to the server's output.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Mapping
from typing import TextIO

NAMESPACE = "ourchat"
SERVICE = "ourchat"


class EmfWriter:
    """Writes EMF lines, one per call, with the dimension `Service`.

    Args:
        stream: Where the lines go (stdout by default, read when writing).
        namespace: The CloudWatch namespace of the metrics.
    """

    def __init__(self, stream: TextIO | None = None, namespace: str = NAMESPACE) -> None:
        self._stream = stream
        self._namespace = namespace

    def write(
        self,
        counts: Mapping[str, float],
        milliseconds: Mapping[str, float] | None = None,
    ) -> None:
        """Write one line with `counts` (unit Count) and `milliseconds` (unit Milliseconds)."""
        timings = milliseconds or {}
        definitions = [{"Name": name, "Unit": "Count"} for name in counts]
        definitions += [{"Name": name, "Unit": "Milliseconds"} for name in timings]
        entry = {
            "_aws": {
                "Timestamp": int(time.time() * 1000),
                "CloudWatchMetrics": [
                    {
                        "Namespace": self._namespace,
                        "Dimensions": [["Service"]],
                        "Metrics": definitions,
                    }
                ],
            },
            "Service": SERVICE,
            **counts,
            **{name: round(value, 3) for name, value in timings.items()},
        }
        stream = self._stream or sys.stdout
        stream.write(json.dumps(entry, separators=(",", ":")) + "\n")
        stream.flush()
