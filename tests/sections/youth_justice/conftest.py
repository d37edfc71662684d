"""Fixtures for the youth justice tests: the hand-built extract of :mod:`.sample` in a temporary area."""

from __future__ import annotations

import pytest

from lscb_analysis import yos
from lscb_analysis.inputs import clean

from .sample import ASSESSMENTS, OUTCOMES, RELEASES, REMANDS, _population


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv(clean.KEY_ENV, "test-key")


@pytest.fixture
def area(tmp_path):
    d = tmp_path / "exampleshire"
    (d / "yos").mkdir(parents=True)
    (d / "yos" / "outcomes.csv").write_text(OUTCOMES)
    (d / "yos" / "custody_releases.csv").write_text(RELEASES)
    (d / "yos" / "remands.csv").write_text(REMANDS)
    (d / "yos" / "assessments.csv").write_text(ASSESSMENTS)
    _population(d)
    return d


@pytest.fixture
def data(area):
    return yos.load(area)

