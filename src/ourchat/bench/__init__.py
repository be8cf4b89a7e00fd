"""Benchmarks of the local stack: fan-out, throughput, history, connection storms, cold starts.

`ourchat bench` (ourchat.bench.runner) starts the servers in child processes, drives them
with real WebSocket clients in the bench process, and writes a markdown report with plots;
docs/performance.md explains the method and holds the latest figures.
"""
