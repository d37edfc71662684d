"""Fixtures of the training section's tests: a fixed pseudonym key, the hand-made area and the bundled sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from lscb_analysis import training
from lscb_analysis.inputs import pseudonyms

from .fixture import KEY, make_area

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "raw" / "exampleshire"


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv(pseudonyms.KEY_ENV, KEY.decode())


@pytest.fixture
def data(tmp_path):
    return training.load(make_area(tmp_path), area="Testshire")


@pytest.fixture(scope="module")
def sample():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(pseudonyms.KEY_ENV, KEY.decode())
        return training.load(SAMPLE, area="Exampleshire")
