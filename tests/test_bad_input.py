"""Bad input: nothing lost, nothing leaked, never a traceback.

Each case in ``tests/bad_files/`` (written by ``make_corpus.py``; the table of what each must give
is ``expected.csv``) is read by the real section loader. The only acceptable outcomes are a
:class:`clean.InputError` whose message names the file (and row and column where there is one) and
says what was expected, or rows logged as rejected with file, row, column and reason; and for every
file a loader reads, rows read = rows used + rows rejected.
"""

from __future__ import annotations

import importlib
import re
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from lscb_analysis.inputs import clean

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "bad_files"
ROOT = HERE.parent
SAMPLE = ROOT / "data" / "raw" / "exampleshire"
EXPECTED = pd.read_csv(CORPUS / "expected.csv", dtype=str, keep_default_na=False)
LOADERS = ["population", "cdop", "yos", "training", "cp"]


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    # a fixed pseudonymisation key: no key file is written into the working tree by these tests
    monkeypatch.setenv(clean.KEY_ENV, "bad-input-tests")


_WHERE = {"clean": "inputs.clean", "cin_xml": "inputs.cin_xml", "population": "inputs.population",
          "config": "inputs.config", "privacy": "checks.privacy"}


def _module(name: str):
    """The loader module, or skip if it has not been written yet."""
    return pytest.importorskip("lscb_analysis." + _WHERE.get(name, name))


def run_case(case: str, loader: str, target: str, area_dir: Path):
    """Run one case: returns (result, rejections) or raises what the loader raised."""
    if loader == "read_table":
        log = clean.Rejections()
        return clean.read_table(area_dir / target, log), log
    module = _module(loader)
    result = module.load(area_dir)
    if loader == "population":
        return result, None
    return result, result.rejections


def _assert_reconciles(log: clean.Rejections | None, loader: str) -> None:
    if log is None or loader == "read_table":
        return
    summary = log.summary()
    bad = summary[~summary["reconciles"]]
    assert bad.empty, f"rows read != used + rejected:\n{bad.to_string()}"


def _assert_pseudonymised(result, area_dir: Path) -> None:
    """No raw identifier from the case's files survives in any table the loader returns."""
    from lscb_analysis.checks import privacy

    ids = privacy.sensitive_values([area_dir])["identifier"]
    if not ids or not hasattr(result, "__dict__"):
        return
    for name, value in vars(result).items():
        if isinstance(value, pd.DataFrame) and name != "population":
            for col in value.columns:
                found = set(value[col].astype(str).str.strip()) & ids
                assert not found, f"raw identifiers in {name}.{col}: the loader did not pseudonymise them"


# Cases a loader does not handle yet (reported to the lead). strict: when the loader is fixed the
# test XPASSes and fails, so the entry must then be removed here.
KNOWN_LOADER_GAPS: dict[str, str] = {}  # all six gaps found by this corpus were fixed in the loaders


def _case_ids() -> list:
    out = []
    for _, row in EXPECTED.iterrows():
        marks = ([pytest.mark.xfail(reason=KNOWN_LOADER_GAPS[row["case"]], strict=True)]
                 if row["case"] in KNOWN_LOADER_GAPS else [])
        out.append(pytest.param(row.to_dict(), marks=marks,
                                id=f"{row['case']}-{row['outcome']}{'-' + row['row'] if row['row'] else ''}"))
    return out


@pytest.mark.parametrize("exp", _case_ids())
def test_bad_file(exp, tmp_path):
    # work on a copy: nothing a loader might write lands in the committed corpus
    area_dir = tmp_path / exp["case"]
    shutil.copytree(CORPUS / exp["case"], area_dir)
    loader, outcome = exp["loader"], exp["outcome"]
    if loader != "read_table":
        _module(loader)
    pattern = re.compile(exp["message"], re.I) if exp["message"] else None
    if outcome == "error":
        with pytest.raises(clean.InputError) as info:
            run_case(exp["case"], loader, exp["target"], area_dir)
        message = str(info.value)
        assert f"file {exp['file']}" in message, f"the message does not name the file {exp['file']}: {message}"
        if exp["row"]:
            assert f"row {exp['row']}" in message, message
            assert info.value.row == int(exp["row"])
        if exp["column"]:
            assert f"column {exp['column']}" in message, message
        assert pattern.search(message), f"{message!r} does not say {exp['message']!r}"
        # a hostile file's content never reaches the message
        assert "root:" not in message and "lollol" not in message
        return
    try:
        result, log = run_case(exp["case"], loader, exp["target"], area_dir)
    except clean.InputError as exc:
        pytest.fail(f"expected the file to load ({outcome}), got InputError: {exc}")
    _assert_reconciles(log, loader)
    _assert_pseudonymised(result, area_dir)
    if outcome == "clean":
        assert log is not None
        assert len(log) == 0, f"unexpected rejections:\n{log.to_frame().to_string()}"
        assert sum(log.read.values()) == sum(log.used.values())
    elif outcome == "note":
        notes = [n["note"] for n in log.notes if n["file"] == exp["file"]]
        assert any(pattern.search(n) for n in notes), f"no note on {exp['file']} saying {exp['message']!r}: {log.notes}"
    elif outcome == "rejection":
        frame = log.to_frame()
        hits = frame[(frame["file"] == exp["file"]) & (frame["row"] == int(exp["row"]))]
        if exp["column"]:
            hits = hits[hits["column"] == exp["column"]]
        assert len(hits), (f"no rejection logged for {exp['file']} row {exp['row']} column {exp['column']!r};"
                           f" the log has:\n{frame.to_string()}")
        assert hits["reason"].str.contains(pattern).any(), f"{hits['reason'].tolist()} do not say {exp['message']!r}"
        # the faulty row is the only one rejected in its file: nothing else lost
        rows = set(frame.loc[frame["file"] == exp["file"], "row"])
        wanted = set(EXPECTED.loc[(EXPECTED["case"] == exp["case"]) & (EXPECTED["file"] == exp["file"])
                                  & (EXPECTED["outcome"] == "rejection"), "row"].astype(int))
        assert rows == wanted, f"rows rejected {sorted(rows)}, expected only {sorted(wanted)}"
    else:  # pragma: no cover - a typo in expected.csv
        pytest.fail(f"unknown outcome {outcome!r}")


def test_corpus_is_large_and_covers_every_kind_of_fault():
    cases = set(EXPECTED["case"])
    assert len(cases) >= 30
    for kind in ["cp1252", "utf16", "header_on_row", "missing_column", "duplicated_column", "empty", "pdf", "xls",
                 "zip", "10_0", "formula_errors", "impossible_date", "future", "before", "unknown", "duplicate",
                 "another_area", "reference_date", "malformed", "billion_laughs", "etc_passwd", "external_dtd"]:
        assert any(kind in c for c in cases), f"no case for {kind}"
    for case in cases:
        assert (CORPUS / case).is_dir(), f"{case} is in expected.csv but not in the corpus"


def test_corpus_is_the_generators_output(tmp_path):
    """The committed files are exactly what make_corpus.py writes (so the table and the files agree)."""
    sys.path.insert(0, str(CORPUS))
    try:
        make_corpus = importlib.import_module("make_corpus")
    finally:
        sys.path.remove(str(CORPUS))
    make_corpus.write(tmp_path)
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(CORPUS) for p in CORPUS.rglob("*")
                       if p.is_file() and p.name != "make_corpus.py" and "__pycache__" not in p.parts)
    assert made == committed
    for rel in made:
        assert (tmp_path / rel).read_bytes() == (CORPUS / rel).read_bytes(), f"{rel} differs from the generator's"


def test_hostile_xml_is_refused_without_fetching_or_expanding(tmp_path, monkeypatch):
    """An external DTD or entity is never fetched: no socket is opened and /etc/passwd is never read."""
    import socket

    cin_xml = _module("cin_xml")

    def no_network(*args, **kwargs):
        raise AssertionError("the XML reader tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    opened = []
    real_open = open

    def watch_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", watch_open)
    for case in ["cin_external_dtd", "cin_external_entity_etc_passwd", "cin_billion_laughs"]:
        path = next((CORPUS / case / "cin_census").iterdir())
        with pytest.raises(clean.InputError, match="refused"):
            cin_xml.read_census(path)
    assert "/etc/passwd" not in opened
    assert opened, "the open() watch saw nothing: the check above would pass vacuously"


_SAMPLE_CACHE: dict = {}


def load_sample(name: str):
    """``<section>.load`` on the bundled sample, once per test session (under the tests' fixed key)."""
    if name not in _SAMPLE_CACHE:
        module = _module(name)
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv(clean.KEY_ENV, "bad-input-tests")
            _SAMPLE_CACHE[name] = module.load(SAMPLE)
    return _SAMPLE_CACHE[name]


@pytest.mark.parametrize("name", ["cdop", "yos", "training", "cp"])
def test_sample_reconciles(name):
    """On the bundled synthetic sample, every file reconciles: rows read = rows used + rows rejected."""
    _module(name)
    if not SAMPLE.is_dir():
        pytest.skip("no synthetic sample in data/raw/exampleshire")
    folder = {"cdop": "cdop", "yos": "yos", "training": "training", "cp": "cin_census"}[name]
    if not (SAMPLE / folder).is_dir() and not (name == "cp" and (SAMPLE / "cin").is_dir()):
        pytest.skip(f"the sample has no {folder}/ yet")
    summary = load_sample(name).rejections.summary()
    assert len(summary), "no file was read"
    assert summary["rows_read"].gt(0).all()
    assert summary["reconciles"].all(), summary[~summary["reconciles"]].to_string()


@pytest.mark.parametrize("name", ["cdop", "yos", "training", "cp"])
def test_sample_catches_every_injected_fault(name):
    """Each fault the generator injected (injected_faults.json) is rejected on its row; a fault the
    loader is meant to repair (a record with an ``expected`` value, or a kind listed in
    ``repaired_kinds``: lower-case codes, Annex A labels, other date formats) does not lose its row."""
    import json

    _module(name)
    faults, repaired_kinds = [], set()
    for path in sorted(SAMPLE.rglob("injected_faults.json")) if SAMPLE.is_dir() else []:
        record = json.loads(path.read_text())
        repaired_kinds |= set(record.get("about", {}).get("repaired_kinds", []))
        folder = path.parent.relative_to(SAMPLE).as_posix()
        faults += [{**f, "folder": folder} for f in record.get("injected_faults", [])]
    section_dirs = {"cdop": {"cdop"}, "yos": {"yos"}, "training": {"training"}, "cp": {"cin", "cin_census", "."}}
    faults = [f for f in faults if f["folder"] in section_dirs[name] and f.get("row") is not None]
    if not faults:
        pytest.skip(f"the sample has no injected faults for {name} yet")
    log = load_sample(name).rejections.to_frame()

    def where(f):
        return f["file"] if "/" in f["file"] or f["folder"] == "." else f"{f['folder']}/{f['file']}"

    rejected = {(file, int(row)) for file, row in zip(log["file"], log["row"]) if pd.notna(row)}
    lost_reasons = log[~log["reason"].str.startswith("superseded")]
    lost = {(file, int(row)) for file, row in zip(lost_reasons["file"], lost_reasons["row"]) if pd.notna(row)}
    to_reject = [f for f in faults if "expected" not in f and f["kind"] not in repaired_kinds]
    missed = [f for f in to_reject if (where(f), int(f["row"])) not in rejected]
    assert not missed, f"{len(missed)} injected faults not caught, e.g. {missed[:3]}"
    bad_rows = {(where(f), int(f["row"])) for f in to_reject}
    repairs = [f for f in faults if f not in to_reject and (where(f), int(f["row"])) not in bad_rows]
    wrongly = [f for f in repairs if (where(f), int(f["row"])) in lost]
    assert not wrongly, f"{len(wrongly)} repairable rows were rejected, e.g. {wrongly[:3]}"
