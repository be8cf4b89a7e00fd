"""Fixtures of the service tests."""

from __future__ import annotations

import pytest

from tests.support.world import World


@pytest.fixture
def world() -> World:
    """A fresh world of fakes for each test."""
    return World()
