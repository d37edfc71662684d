"""The synthetic data generator behind the bundled sample area, Exampleshire.

Exampleshire is fictional. Its data are generated, seeded and reproducible, with rates
close to England's published rates and realistic faults injected at known rates; each
section's generator writes what it injected (``injected_faults.json``) beside its files
so that tests can check the loaders catch every fault, and nothing else.

``generate_all(raw_dir)`` (``make data`` / ``lscb synth``) regenerates the whole sample.
"""

from __future__ import annotations

import importlib
from pathlib import Path

AREA = "exampleshire"
SECTIONS = ["population", "cp", "cdop", "yos", "training", "partnership", "children"]


def generate_all(raw_dir: Path | str = "data/raw", area: str = AREA) -> dict[str, dict]:
    """Write every section's synthetic files for ``area`` under ``raw_dir``; return what each wrote."""
    area_dir = Path(raw_dir) / area
    results = {}
    for name in SECTIONS:
        module = importlib.import_module(f"{__name__}.{name}")
        results[name] = module.generate(area_dir)
    return results
