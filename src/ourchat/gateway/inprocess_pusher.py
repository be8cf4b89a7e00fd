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
        gone: list[str] = []
        for connection_id in connection_ids:
            try:
                delivered = self._gateway.post_to_connection(connection_id, data)
            except (PayloadTooLarge, RuntimeError, TimeoutError) as error:
                # A recipient's failure must not fail the sender's request; it is logged instead.
                logger.warning(
                    "push failed", extra={"recipient": connection_id, "error": type(error).__name__}
                )
                continue
            if not delivered:
                gone.append(connection_id)
        return gone
