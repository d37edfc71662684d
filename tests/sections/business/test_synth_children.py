"""The synthetic early help, missing, exploitation and private fostering files: reproducible, and the loaders
reject exactly the injected faults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lscb_analysis.sections import early_help, exploitation, missing, private_fostering
from lscb_analysis.synth import children as synth

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "raw" / "exampleshire"
FOLDERS = {"early_help": early_help, "missing": missing, "exploitation": exploitation,
           "private_fostering": private_fostering}


def test_generator_is_reproducible_and_matches_the_bundled_sample(tmp_path):
    synth.generate(tmp_path)
    for folder in FOLDERS:
        for f in sorted((SAMPLE / folder).iterdir()):
            assert (tmp_path / folder / f.name).read_bytes() == f.read_bytes(), f"{folder}/{f.name}"


@pytest.mark.parametrize("folder", list(FOLDERS))
def test_loaders_reject_exactly_the_injected_faults(folder):
    faults = json.loads((SAMPLE / folder / "injected_faults.json").read_text())["injected_faults"]
    data = FOLDERS[folder].load(SAMPLE)
    rejected = data.rejections.to_frame()
    rejected = rejected[rejected["file"].str.startswith(folder + "/")]
    assert sorted(set(zip(rejected["file"], rejected["row"]))) == sorted((f["file"], f["row"]) for f in faults)
