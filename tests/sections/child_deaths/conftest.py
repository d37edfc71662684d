"""Fixtures for the child death tests: the bundled synthetic sample, loaded once per module."""

from __future__ import annotations

import pytest

from lscb_analysis import cdop

from .helpers import SAMPLE


@pytest.fixture(scope="module")
def sample() -> cdop.CDOPData:
    return cdop.load(SAMPLE)
