"""Small Lambda handlers, one module per route, for the gateway's tests."""
