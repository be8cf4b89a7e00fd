"""WebSocket close codes (RFC 6455) the gateway uses, and the reasons API Gateway reports.

The one place that names them: the gateway's sessions, its lifecycle, the @connections
DELETE and the uvicorn protocol all read these.
"""

from __future__ import annotations

NORMAL_CLOSURE = 1000
GOING_AWAY = 1001
NO_STATUS = 1005
ABNORMAL_CLOSURE = 1006
MESSAGE_TOO_BIG = 1009
INTERNAL_ERROR = 1011
SERVICE_RESTART = 1012

REASON_PHRASES = {
    NORMAL_CLOSURE: "Connection Closed Normally",
    GOING_AWAY: "Going away",
    NO_STATUS: "Client-side close frame status not set",
    ABNORMAL_CLOSURE: "Connection was closed abnormally",
    MESSAGE_TOO_BIG: "Message too big",
    INTERNAL_ERROR: "Internal server error",
    SERVICE_RESTART: "Service restart",
}
"""disconnectReason for closes that carry no reason of their own."""
