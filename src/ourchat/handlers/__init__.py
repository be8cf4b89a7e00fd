"""Lambda handlers: one module per WebSocket route, each a thin shim over one service call."""
