"""The wire protocol, declared once: every action's request and reply, every event.

`ourchat.protocol.actions` declares the requests (the msgspec structs the handlers decode)
and `ourchat.domain.events` the events. The route manifest, the `bad_request` reply's
action list, docs/asyncapi.yaml, the tables of docs/protocol.md and the web client's name
table (`gateway/static/protocol.js`) all come from these declarations.
"""
