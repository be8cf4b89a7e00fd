"""Adapters: implementations of the ports on real infrastructure."""
