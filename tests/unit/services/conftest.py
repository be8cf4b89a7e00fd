"""Fixtures of the service tests."""

from __future__ import annotations

import pytest

from tests.unit.services.world import World


@pytest.fixture
def world() -> World:
    """A fresh world of fakes for each test."""
    return World()
