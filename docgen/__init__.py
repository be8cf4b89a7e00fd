"""Generates the protocol's documents from its declarations (`make docs`), and checks them.

docs/asyncapi.yaml, the generated tables of docs/protocol.md and the web client's name table
(src/ourchat/gateway/static/protocol.js) all come from `ourchat.protocol.actions` and
`ourchat.domain.events`; `make test` fails when a committed copy differs from what this
package would write.
"""
