"""Helpers shared by the test suites; test modules import from here, never from each other."""
