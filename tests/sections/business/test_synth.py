"""The synthetic LADO, reviews and partnership files: reproducible, and the loaders reject exactly the
injected faults (and nothing else)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lscb_analysis.sections import lado, partnership, practice_reviews
from lscb_analysis.synth import partnership as synth

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "raw" / "exampleshire"


def test_generator_is_reproducible_and_matches_the_bundled_sample(tmp_path):
    synth.generate(tmp_path)
    for folder in ("lado", "reviews", "partnership"):
        for f in sorted((SAMPLE / folder).iterdir()):
            assert (tmp_path / folder / f.name).read_bytes() == f.read_bytes(), f"{folder}/{f.name}"


@pytest.mark.parametrize("module, folder", [(lado, "lado"), (practice_reviews, "reviews"),
                                            (partnership, "partnership")])
def test_loaders_reject_exactly_the_injected_faults(module, folder):
    faults = json.loads((SAMPLE / folder / "injected_faults.json").read_text())["injected_faults"]
    data = module.load(SAMPLE)
    rejected = data.rejections.to_frame()
    assert sorted(set(zip(rejected["file"], rejected["row"]))) == sorted((f["file"], f["row"]) for f in faults)
    for file, read in data.rejections.read.items():
        assert read == data.rejections.used[file] + len(rejected[rejected["file"].eq(file)]["row"].unique())
