"""The local API Gateway WebSocket emulator: runs a route manifest's Lambda handlers.

`Gateway` is the ASGI application (WebSocket stage, @connections API, optional static site);
`GatewayServer` runs it under uvicorn. See docs/local-gateway.md.
"""

from ourchat.gateway.app import Gateway, PayloadTooLarge
from ourchat.gateway.config import GatewayConfig
from ourchat.gateway.server import GatewayServer

__all__ = ["Gateway", "GatewayConfig", "GatewayServer", "PayloadTooLarge"]
