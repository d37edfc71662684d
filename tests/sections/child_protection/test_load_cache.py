"""The cache of cleaned child protection tables (lscb_analysis.cache, used by cp.load) and cp.load_many."""

from __future__ import annotations

import importlib
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from lscb_analysis import cp
from lscb_analysis.inputs import cache, clean

cp_load = importlib.import_module("lscb_analysis.sections.child_protection.load")  # the module; cp.load is a function

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "data" / "raw" / "exampleshire"


def _area(tmp_path: Path, name: str = "exampleshire") -> Path:
    """A copy of the sample's child protection files (only what cp.load reads), small enough to load quickly."""
    area = tmp_path / "raw" / name
    (area / "cin_census").mkdir(parents=True)
    for f in sorted((SAMPLE / "cin_census").iterdir())[-2:]:
        shutil.copy(f, area / "cin_census" / f.name)
    shutil.copy(SAMPLE / "contacts.csv", area / "contacts.csv")
    shutil.copy(SAMPLE / "population.csv", area / "population.csv")
    shutil.copytree(SAMPLE / "ssda903", area / "ssda903")
    return area


@pytest.fixture
def env(tmp_path, monkeypatch):
    store = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(store))
    monkeypatch.setenv(cache.CACHE_ENV, "1")
    monkeypatch.setenv(clean.KEY_ENV, "cache-test-key")
    return store


@pytest.fixture
def parses(monkeypatch):
    """Counts the loads that parse the files (cache misses)."""
    calls = []
    real = cp_load._load

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(cp_load, "_load", counting)
    return calls


def assert_same(a: cp.CPData, b: cp.CPData) -> None:
    assert a.area == b.area and a.has_cin == b.has_cin and a.census_years == b.census_years
    for t in cp.TABLES + ["contacts", "episodes", "population"]:
        x, y = getattr(a, t), getattr(b, t)
        assert (x is None) == (y is None), t
        if x is not None:
            pd.testing.assert_frame_equal(x, y, check_exact=True)
    ra, rb = a.rejections, b.rejections
    assert ra.records == rb.records and ra.notes == rb.notes and ra.read == rb.read and ra.used == rb.used
    pd.testing.assert_frame_equal(ra.summary(), rb.summary())
    assert rb.summary()["reconciles"].all()


def _entries(store: Path) -> list[Path]:
    return [p for folder in store.iterdir() for p in folder.iterdir() if not p.name.startswith(".tmp-")]


def test_hit_equals_fresh_load(tmp_path, env, parses):
    area = _area(tmp_path)
    fresh = cp.load(area, cache=False)
    first = cp.load(area)
    second = cp.load(area)
    assert len(parses) == 2  # the uncached load and the first cached one; the second is a hit
    assert_same(fresh, first)
    assert_same(fresh, second)
    assert len(second.rejections) > 0  # the sample has rejections: they come back too
    assert len(_entries(env)) == 1


def test_one_byte_changed_misses_and_old_entry_goes(tmp_path, env, parses):
    area = _area(tmp_path)
    cp.load(area)
    raw = bytearray((area / "contacts.csv").read_bytes())
    i = raw.rindex(b"2")
    raw[i:i + 1] = b"3"
    (area / "contacts.csv").write_bytes(bytes(raw))
    changed = cp.load(area)
    assert len(parses) == 2
    assert_same(changed, cp.load(area, cache=False))
    assert len(_entries(env)) == 1  # only the latest entry for the area folder is kept


def test_new_file_in_folder_misses(tmp_path, env, parses):
    area = _area(tmp_path)
    cp.load(area)
    (area / "contacts.xlsx").write_bytes(b"PK\x03\x04")
    with pytest.raises(clean.InputError, match="keep only one"):
        cp.load(area)


def test_other_pseudonym_key_misses(tmp_path, env, parses, monkeypatch):
    area = _area(tmp_path)
    a = cp.load(area)
    monkeypatch.setenv(clean.KEY_ENV, "another-key")
    b = cp.load(area)
    assert len(parses) == 2
    assert not set(a.children["LAchildID"]) & set(b.children["LAchildID"])


def test_cache_never_holds_the_key(tmp_path, env):
    cp.load(_area(tmp_path))
    for f in env.rglob("*"):
        if f.is_file():
            assert b"cache-test-key" not in f.read_bytes()
    assert cache.key_fingerprint(b"cache-test-key") != cache.key_fingerprint(b"another-key")


@pytest.mark.parametrize("damage", ["truncate_parquet", "garbage_meta", "missing_parquet"])
def test_corrupt_entry_is_ignored_and_rewritten(tmp_path, env, parses, damage):
    area = _area(tmp_path)
    fresh = cp.load(area)
    [entry] = _entries(env)
    if damage == "truncate_parquet":
        f = entry / "children.parquet"
        f.write_bytes(f.read_bytes()[:100])
    elif damage == "garbage_meta":
        (entry / "meta.json").write_text("{not json")
    else:
        (entry / "referrals.parquet").unlink()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = cp.load(area)
    assert any("unreadable cache entry" in str(w.message) for w in caught)
    assert len(parses) == 2
    assert_same(fresh, again)
    third = cp.load(area)  # rewritten: a hit again
    assert len(parses) == 2
    assert_same(fresh, third)


def test_switched_off_writes_nothing(tmp_path, env, parses, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "0")
    area = _area(tmp_path)
    cp.load(area)
    cp.load(area)
    assert len(parses) == 2
    assert not env.exists() or not any(env.rglob("*"))


def test_default_place_is_interim_not_outputs(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.CACHE_DIR_ENV, raising=False)
    monkeypatch.chdir(ROOT / "notebooks")
    assert cache.directory() == ROOT / "data" / "interim" / "cache"
    monkeypatch.chdir(tmp_path)  # no project root: no cache rather than a cache beside the data
    assert cache.directory() is None


def test_load_many_in_order_and_equal_to_load(tmp_path, env):
    areas = [_area(tmp_path, "exampleshire"), _area(tmp_path, "second_area")]
    (areas[1] / "contacts.csv").write_text("Child Unique ID,Date of Contact,Contact Source\nC1,2023-05-01,6\n")
    ready = []
    many = cp.load_many(areas, jobs=2, on_loaded=lambda i, data: ready.append((i, data.area)))
    assert [d.area for d in many] == ["Exampleshire", "Second Area"]
    assert sorted(ready) == [(0, "Exampleshire"), (1, "Second Area")]  # told as each area is ready
    for a, d in zip(areas, many):
        assert_same(cp.load(a, cache=False), d)


def test_load_many_error_names_the_area_folder(tmp_path, env):
    good = _area(tmp_path)
    empty = tmp_path / "raw" / "nothing_here"
    empty.mkdir()
    with pytest.raises(clean.InputError, match="nothing_here"):
        cp.load_many([good, empty], jobs=2)


def test_load_many_workers_use_the_callers_key(tmp_path, env, monkeypatch):
    areas = [_area(tmp_path, "exampleshire"), _area(tmp_path, "second_area")]
    cp.load_many(areas, jobs=2)  # starts the workers under the first key
    monkeypatch.setenv(clean.KEY_ENV, "another-key")
    monkeypatch.setenv(cache.CACHE_ENV, "0")
    many = cp.load_many(areas, jobs=2)
    for a, d in zip(areas, many):
        assert_same(cp.load(a, cache=False), d)


def test_cache_folders_are_owner_only_and_its_files_0600(tmp_path, monkeypatch):
    # the entries hold child-level records: as private as data/raw (issue 16)
    import stat

    monkeypatch.setenv(cache.CACHE_ENV, "1")
    monkeypatch.delenv(cache.CACHE_DIR_ENV, raising=False)
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "pyproject.toml").write_text("")
    monkeypatch.chdir(project)
    e = cache.Entry(folder=cache.directory() / "cp-area-0000", key="k1")
    assert cache.write(e, {"t": pd.DataFrame({"a": [1]})}, {})
    interim = project / "data" / "interim"
    for d in (interim, interim / "cache", e.folder, e.path):
        assert stat.S_IMODE(d.stat().st_mode) == 0o700, d
    for f in e.path.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f


def test_load_many_hashes_nothing_in_the_parent_when_the_cache_is_cold(tmp_path, env, monkeypatch):
    # a cold cache has no folder for either area: the parent hands both to the workers without hashing their
    # inputs (the workers' own loads look the cache up); once written, the parent reads both back itself
    areas = [_area(tmp_path, "exampleshire"), _area(tmp_path, "second_area")]
    looked_up = []
    entry = cache.entry
    monkeypatch.setattr(cache, "entry", lambda d, **kw: looked_up.append(Path(d).name) or entry(d, **kw))
    cold = cp.load_many(areas, jobs=2)
    assert looked_up == []
    warm = cp.load_many(areas, jobs=2)
    assert looked_up == ["exampleshire", "second_area"]
    for c, w in zip(cold, warm):
        assert_same(c, w)
