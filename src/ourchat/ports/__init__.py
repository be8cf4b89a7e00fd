"""Ports: the interfaces the services need from the outside world."""
