"""The bundled synthetic child protection sample: the loaders catch every injected fault and nothing
else, rows reconcile, rates are close to England's, and regeneration is byte-identical."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from lscb_analysis import cp, dfe
from lscb_analysis.inputs import annex_a, cin_spec, clean
from lscb_analysis.inputs.config import project_root
from lscb_analysis.synth import cp as synth_cp

AREA_DIR = project_root() / "data" / "raw" / "exampleshire"
KIND_REASON = {
    "duplicate_row": "duplicate of an earlier row",
    "end_before_start": " is before ",
    "unknown_code": "unknown",
    "missing_identifier": "missing required value",
}
TABLE_OF = {"Child": "children", "CINdetails": "referrals", "Assessments": "assessments", "Section47": "section47",
            "ChildProtectionPlans": "cp_plans", "CPPreviewDate": "cp_reviews"}


@pytest.fixture(scope="module")
def sample():
    mp = pytest.MonkeyPatch()
    mp.setenv(clean.KEY_ENV, "test-key-not-secret")
    data = cp.load(AREA_DIR)
    record = json.loads((AREA_DIR / "injected_faults.json").read_text())
    yield data, record
    mp.undo()


def test_sample_is_small():
    files = [p for sub in ("cin_census", "ssda903") for p in (AREA_DIR / sub).iterdir()]
    files += [AREA_DIR / "contacts.csv", AREA_DIR / "injected_faults.json"]
    assert sum(p.stat().st_size for p in files) < 5_000_000


def test_area_and_years(sample):
    data, _ = sample
    assert data.area == "Exampleshire"
    assert [y.label for y in data.census_years] == ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]


def test_rows_reconcile_for_every_file(sample):
    data, record = sample
    summary = data.rejections.summary()
    assert summary["reconciles"].all()
    files = set(summary["file"])
    assert {"contacts.csv", "ssda903/episodes.csv"} <= files
    assert sum(f.startswith("cin_census/cin_census_2024-25.xml.gz [") for f in files) == 6


def test_every_injected_rejection_caught_and_nothing_else(sample):
    data, record = sample
    log = data.rejections.to_frame()
    other = log[~log["reason"].isin([cp.SUPERSEDED, annex_a.SUPERSEDED])]
    repaired = set(record["about"]["repaired_kinds"])
    expected = {}
    for f in record["injected_faults"]:
        if f["kind"] not in repaired:
            expected.setdefault((f["file"], f["row"]), set()).add(f["kind"])
    got = {}
    for f, r, reason in zip(other["file"], other["row"], other["reason"]):
        got.setdefault((f, r), set()).add(reason)
    assert set(got) == set(expected)
    assert len(expected) > 200  # every kind at a known rate, in every file
    for key, kinds in expected.items():
        reasons = got[key]
        assert any(KIND_REASON[k] in reason for k in kinds for reason in reasons), (key, kinds, reasons)


def test_superseded_records_are_exactly_the_overlaps(sample):
    data, record = sample
    log = data.rejections.to_frame()
    sup = log[log["reason"] == cp.SUPERSEDED]
    got = set(zip(sup["file"], sup["row"]))
    expected = {(f, r) for f, rows in record["superseded"].items() for r in rows}
    assert got == expected and len(got) > 1000


def test_repaired_faults_are_used_with_the_right_value(sample):
    data, record = sample
    log = data.rejections.to_frame()
    rejected = set(zip(log["file"], log["row"]))
    checked = 0
    for f in record["injected_faults"]:
        if f["kind"] not in record["about"]["repaired_kinds"]:
            continue
        if f["file"] == "contacts.csv":
            table = data.contacts
        elif f["file"] == "ssda903/episodes.csv":
            table = data.episodes
        else:
            table = getattr(data, TABLE_OF[f["file"].split("[")[1].rstrip("]")])
        row = table[(table["_file"] == f["file"]) & (table["_row"] == f["row"])]
        if row.empty:  # only when a later census return holds the record
            assert (f["file"], f["row"]) in rejected
            continue
        value = row[f["column"]].iat[0]
        value = value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else value
        assert value == f["expected"], f
        checked += 1
    assert checked > 500


def test_rates_close_to_england(sample):
    data, _ = sample
    local = cp.indicators(data, "2024-25")
    eng = dfe.england("2024-25")

    def val(t, ind, unit):
        return t[(t["indicator"] == ind) & (t["unit"] == unit) & (t["breakdown"] == "all")]["value"].item()

    for ind, unit, tolerance in [
        ("referrals", "per 10,000 aged 0-17", 0.1), ("section_47_enquiries", "per 10,000 aged 0-17", 0.15),
        ("children_in_need_at_31_march", "per 10,000 aged 0-17", 0.15),
        ("looked_after_children_at_31_march", "per 10,000 aged 0-17", 0.25),
        ("rereferrals_within_12_months", "percent", 0.2), ("icpc_within_15_working_days", "percent", 0.15),
        ("icpc_to_plan", "percent", 0.15),
    ]:
        assert val(local, ind, unit) == pytest.approx(val(eng, ind, unit), rel=tolerance), ind


def test_regeneration_is_byte_identical(tmp_path):
    (tmp_path / "population.csv").write_bytes((AREA_DIR / "population.csv").read_bytes())
    record = synth_cp.generate(tmp_path)
    for name in record["files"] + ["ssda903/injected_faults.json"]:
        assert (tmp_path / name).read_bytes() == (AREA_DIR / name).read_bytes(), name
    assert (tmp_path / "injected_faults.json").read_bytes() == (AREA_DIR / "injected_faults.json").read_bytes()


def test_annex_a_workbook_read_and_superseded_by_the_census(sample):
    """The sample's Annex A (lists 3, 5, 7, 8 for 2024-25) is in the template's layout: every row is read;
    referrals, section 47s and plans are all in the census's years, so the census is used for them."""
    data, _ = sample
    s = data.rejections.summary().set_index("file")
    lists = [f for f in s.index if f.startswith("annex_a/annex_a_2024-25.xlsx [List")]
    assert sorted(lists) == [f"annex_a/annex_a_2024-25.xlsx [List {n}]" for n in (3, 5, 7, 8)]
    log = data.rejections.to_frame()
    for n in (3, 5, 7):
        f = f"annex_a/annex_a_2024-25.xlsx [List {n}]"
        assert s.loc[f, "rows_read"] > 100 and s.loc[f, "rows_used"] == 0
        assert set(log.loc[log["file"] == f, "reason"]) == {annex_a.SUPERSEDED}
    f = "annex_a/annex_a_2024-25.xlsx [List 8]"
    assert s.loc[f, "rows_read"] == s.loc[f, "rows_used"] > 100


@pytest.mark.parametrize("name", sorted(p.name for p in (AREA_DIR / "cin_census").iterdir()))
def test_census_returns_validate_against_their_years_schema(name):
    """Each synthetic return, checked with xmlschema against the DfE schema of the collection year in its
    header, departs from it only where a fault was injected (each such record expected as a rejection or a
    repair). NumberOfPreviousCPP 0 (a first plan) is not a departure: DfE's validation rule 8730 asks for a
    number greater than or equal to zero, though the schema types the item as a positive integer."""
    record = json.loads((AREA_DIR / "injected_faults.json").read_text())
    label = f"cin_census/{name}"
    faults = {(f["file"], f["row"]) for f in record["injected_faults"] if f["file"].startswith(label)}
    year, findings = cin_spec.validate(AREA_DIR / "cin_census" / name, label)
    assert year == int(name[11:15]) + 1  # cin_census_2021-22 -> collection 2022
    assert not [f for f in findings if f["element"].endswith("NumberOfPreviousCPP")]
    departures = findings
    assert departures, "faults are injected in every file"
    for f in departures:
        assert (f["file"], f["row"]) in faults, f


def test_ssda903_tables_as_specified():
    """The sample's SSDA903 header, episodes and missing tables read by the DfE item names: every header row used
    (it carries no faults), the missing table's rows used but for the faults its generator lists in
    ``ssda903/injected_faults.json`` (an incident outside care is caught by the missing children section, which
    checks it against the episodes), one header row per child in the episodes."""
    from lscb_analysis.inputs import ssda903

    rej = clean.Rejections()
    t = ssda903.read_return(AREA_DIR / "ssda903", rej, area_dir=AREA_DIR, not_after=pd.Timestamp("2025-03-31"))
    assert {"header", "episodes", "missing"} <= set(t)
    assert rej.read["ssda903/header.csv"] == rej.used["ssda903/header.csv"] > 100
    faults = json.loads((AREA_DIR / "ssda903" / "injected_faults.json").read_text())["injected_faults"]
    caught = {f["row"] for f in faults if f["kind"] not in ("date_format", "lower_case_code", "outside_care")}
    log = rej.to_frame()
    assert set(log.loc[log["file"] == "ssda903/missing.csv", "row"]) == caught
    assert rej.read["ssda903/missing.csv"] == rej.used["ssda903/missing.csv"] + len(caught) > 100
    assert set(t["episodes"]["CHILD"]) <= set(t["header"]["CHILD"])
    assert t["missing"]["MISSING"].isin(["M", "A"]).all()
