"""Benchmarks of the local stack: fan-out, throughput, history, connection storms, cold starts.

Not part of the `ourchat` package (nor of the Lambda package built from it): this is the
checkout's load harness. `make bench` (benchmarks.runner) starts the servers in child
processes, drives them with real WebSocket clients in the bench process, and writes a
markdown report with plots; docs/performance.md explains the method and holds the latest
figures.
"""
