"""Fixtures shared by the runner's tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (tests/runner/run_fixtures.py ``Browser``), one per test module."""
    pytest.importorskip("websocket", reason="websocket-client is needed to drive Chromium")
    from run_fixtures import Browser

    b = Browser()
    yield b
    b.close()
