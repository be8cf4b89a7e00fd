"""Fixtures of the browser suites (tests/e2e/test_web_client*.py): one headless Debian
Chromium per module, and isolated profiles per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.support.browser import chromium, isolated_contexts


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, for the module."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def contexts(browser: Browser, request: pytest.FixtureRequest) -> Iterator[list[BrowserContext]]:
    """Isolated desktop profiles, two unless the module sets BROWSER_PROFILES; no page may
    throw an uncaught error."""
    count = int(getattr(request.module, "BROWSER_PROFILES", 2))
    with isolated_contexts(browser, count) as opened:
        yield opened
