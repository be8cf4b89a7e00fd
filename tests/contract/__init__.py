"""Contract tests of the Store port, run against every store adapter."""
