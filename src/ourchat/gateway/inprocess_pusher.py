"""A Pusher that delivers straight through the local gateway, without HTTP."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ourchat.gateway.app import Gateway, PayloadTooLarge

logger = logging.getLogger("ourchat.pusher")


class InProcessPusher:
    """Implements the Pusher port with `Gateway.post_to_connection`.

    Behaves as the @connections POST pusher does: UTF-8 data arrives as a text frame, a gone
    connection is reported back, and any other failure is logged and swallowed. Call it from
    handler threads (or any thread but the gateway's event loop).
    """

    def __init__(self, gateway: Gateway) -> None:
        self._gateway = gateway

    def send(self, connection_ids: Sequence[str], data: bytes) -> list[str]:
        """Send `data` to every connection; return the ids of those that are gone."""
        try:
            return self._gateway.post_to_connections(connection_ids, data)
        except (PayloadTooLarge, RuntimeError, TimeoutError) as error:
            # Recipients' failures must not fail the sender's request; they are logged instead.
            logger.warning(
                "push failed",
                extra={"recipients": len(connection_ids), "error": type(error).__name__},
            )
            return []

    def disconnect(self, connection_ids: Sequence[str]) -> None:
        """Close the connections; gone ones are skipped, other failures logged."""
        try:
            self._gateway.disconnect(connection_ids)
        except (RuntimeError, TimeoutError) as error:
            logger.warning(
                "disconnect failed",
                extra={"connections": len(connection_ids), "error": type(error).__name__},
            )

    def close(self) -> None:
        """Nothing to release: the gateway owns the connections."""
