"""The `ourchat` command line: serve, token, bench."""
