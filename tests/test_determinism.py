"""Determinism: the same inputs always give the same bytes.

* Each available section's ``load`` + ``indicators`` on the bundled synthetic sample, written with
  ``report.write_indicators``, gives byte-identical CSV files on a second run, in a fresh Python
  process with a different string-hash seed (set iteration order changes) and under a different
  pseudonymisation key (indicators must not depend on pseudonyms).
* The synthetic generator (``lscb_analysis.synth.<section>.generate``) gives byte-identical files
  in two different folders, and those are the files committed in ``data/raw/exampleshire``.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lscb_analysis.inputs import clean

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "exampleshire"
YEAR = "2024-25"
SECTIONS = {"cp": "child_protection", "cdop": "child_deaths", "yos": "youth_justice", "training": "training"}
SECTION_DIRS = {"cp": ["cin_census", "cin", "contacts.csv"], "cdop": ["cdop"], "yos": ["yos"], "training": ["training"]}

# run in a separate process: load + indicators for every section present, written to argv[1]
_RUN = """
import importlib, sys
from pathlib import Path
from lscb_analysis import report
sample, out = Path(sys.argv[1]), sys.argv[2]
for name, section in {sections!r}.items():
    try:
        mod = importlib.import_module("lscb_analysis." + name)
    except ImportError:
        continue
    if not any((sample / d).exists() for d in {dirs!r}[name]):
        continue
    table = mod.indicators(mod.load(sample), {year!r})
    report.write_indicators(table, out, "exampleshire", {year!r}, section)
"""


def _available() -> list[str]:
    out = []
    for name in SECTIONS:
        try:
            importlib.import_module(f"lscb_analysis.{name}")
        except ImportError:
            continue
        if SAMPLE.is_dir() and any((SAMPLE / d).exists() for d in SECTION_DIRS[name]):
            out.append(name)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _write(name: str, out: Path) -> Path:
    from lscb_analysis import report

    mod = importlib.import_module(f"lscb_analysis.{name}")
    table = mod.indicators(mod.load(SAMPLE), YEAR)
    return report.write_indicators(table, out, "exampleshire", YEAR, SECTIONS[name])


@pytest.fixture(scope="module")
def written_here(tmp_path_factory) -> Path:
    """Every available section's indicator table for 2024-25, written in this process."""
    out = tmp_path_factory.mktemp("indicators") / "here"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(clean.KEY_ENV, "determinism-1")
        for name in _available():
            _write(name, out)
    return out


@pytest.mark.parametrize("name", list(SECTIONS))
def test_indicator_file_is_sorted_and_free_of_identifiers(name, written_here):
    if name not in _available():
        pytest.skip(f"no {name} loader or no {name} data in the sample yet")
    import pandas as pd

    from lscb_analysis.checks import privacy

    path = written_here / "exampleshire" / YEAR / f"{SECTIONS[name]}.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert len(table) > 10, "the indicator table is nearly empty"
    keys = ["area", "period", "indicator", "breakdown", "unit"]
    assert table[keys].equals(table[keys].sort_values(keys, kind="stable").reset_index(drop=True))
    assert privacy.scan([path.parent], [SAMPLE], check_small_counts=False) == []


def test_indicators_are_identical_in_a_fresh_process_with_another_hash_seed_and_key(written_here, tmp_path):
    """Run twice, byte for byte: the second run is a fresh process with another PYTHONHASHSEED (so set
    and dict-of-set iteration order changes) and another pseudonymisation key (so identifiers sort
    differently); the indicator CSV files must not change by a byte."""
    names = _available()
    if not names:
        pytest.skip("no section loader and data yet")
    code = _RUN.format(sections={n: SECTIONS[n] for n in names}, dirs=SECTION_DIRS, year=YEAR)
    env = {**os.environ, "PYTHONHASHSEED": "12345", clean.KEY_ENV: "a-completely-different-key"}
    subprocess.run([sys.executable, "-c", code, str(SAMPLE), str(tmp_path / "there")], check=True, env=env,
                   cwd=ROOT, timeout=300)
    here, there = _files(written_here), _files(tmp_path / "there")
    assert sorted(here) == sorted(there) and len(here) == len(names)
    for rel in here:
        assert here[rel] == there[rel], f"{rel} differs between runs"


def _generators() -> list[str]:
    synth = importlib.import_module("lscb_analysis.synth")
    out = []
    for name in synth.SECTIONS:
        try:
            importlib.import_module(f"lscb_analysis.synth.{name}")
        except ImportError:
            continue
        out.append(name)
    return out


# generators quick enough to run a second time in the test suite; the others' second run is the
# committed sample (test_committed_sample_is_the_generators_output), made by an earlier process
QUICK = {"population", "cdop", "yos"}


def _generate(area: Path, names) -> dict:
    area.mkdir(parents=True, exist_ok=True)
    return {n: importlib.import_module(f"lscb_analysis.synth.{n}").generate(area) for n in names}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict]:
    """Every available section generator, run once (population first: the others need it)."""
    area = tmp_path_factory.mktemp("synth") / "a" / "exampleshire"
    return area, _generate(area, _generators())


def test_synthetic_generator_is_byte_identical(generated, tmp_path):
    area_a, records_a = generated
    names = [n for n in _generators() if n in QUICK]
    area_b = tmp_path / "b" / "exampleshire"
    records_b = _generate(area_b, names)
    files_b = _files(area_b)
    assert files_b, "the generators wrote nothing"
    files_a = _files(area_a)
    for rel, content in files_b.items():
        assert files_a.get(rel) == content, f"{rel} differs between two runs of the generator"
    for n in names:
        assert json.dumps(records_a[n], sort_keys=True, default=str) == json.dumps(records_b[n], sort_keys=True,
                                                                                   default=str)


def test_committed_sample_is_the_generators_output(generated, tmp_path):
    """data/raw/exampleshire holds exactly what the generators write (regenerate with `make data`)."""
    if not SAMPLE.is_dir():
        pytest.skip("no committed sample")
    made = _files(generated[0])
    committed = _files(SAMPLE)
    differ = sorted(rel for rel, content in made.items() if committed.get(rel) != content)
    if differ:
        # tell a stale sample from a generator that is not deterministic
        again_dir = tmp_path / "again" / "exampleshire"
        _generate(again_dir, _generators())
        again = _files(again_dir)
        unstable = [rel for rel in differ if again.get(rel) != made[rel]]
        assert not unstable, f"the generator writes different bytes on each run: {unstable}"
        pytest.fail(f"data/raw/exampleshire is not what the generators write now (run make data): {differ}")
