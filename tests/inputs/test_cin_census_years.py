"""The CIN census read by its collection year: header year, codes of that year, conferences at both levels,
conformance to the year's schema as findings."""

from __future__ import annotations

import pandas as pd
import pytest

from lscb_analysis import cp
from lscb_analysis.inputs import cin_spec, cin_xml, clean


def _return(year: int, ref: str, children: str) -> str:
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Message><Header><CollectionDetails><Collection>CIN</Collection>"
            f"<Year>{year}</Year><ReferenceDate>{ref}</ReferenceDate></CollectionDetails><Source><LEA>999</LEA>"
            f"<SerialNo>001</SerialNo></Source></Header><Children>{children}</Children></Message>")


def _child(cid: str, episodes: str, sex: str = "<GenderCurrent>1</GenderCurrent>") -> str:
    return (f"<Child><ChildIdentifiers><LAchildID>{cid}</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate>"
            f"{sex}</ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>"
            f"{episodes}</Child>")


def _episode(ref: str, *, source="6", closure="", reason="", icpc="", s47="", plan="") -> str:
    close = f"<CINclosureDate>{closure}</CINclosureDate><ReasonForClosure>{reason}</ReasonForClosure>" if closure else ""
    return (f"<CINdetails><CINreferralDate>{ref}</CINreferralDate><ReferralSource>{source}</ReferralSource>"
            f"<PrimaryNeedCode>N1</PrimaryNeedCode>{close}"
            + (f"<DateOfInitialCPC>{icpc}</DateOfInitialCPC>" if icpc else "") + s47
            + "<ReferralNFA>false</ReferralNFA>" + plan + "</CINdetails>")


def _s47(start: str, icpc: str = "") -> str:
    return (f"<Section47><S47ActualStartDate>{start}</S47ActualStartDate>"
            + (f"<DateOfInitialCPC>{icpc}</DateOfInitialCPC>" if icpc else "")
            + f"<ICPCnotRequired>{'false' if icpc else 'true'}</ICPCnotRequired></Section47>")


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv(clean.KEY_ENV, "test-key-not-secret")


def _area(tmp_path, files: dict[str, str]):
    d = tmp_path / "area"
    (d / "cin_census").mkdir(parents=True)
    for name, text in files.items():
        (d / "cin_census" / name).write_text(text, encoding="utf-8")
    return d


def _value(table, indicator, year):
    t = table[(table["indicator"] == indicator) & (table["breakdown"] == "all") & (table["unit"] == "count")]
    return t["numerator"].item()


def test_conferences_at_episode_level_are_counted_once(tmp_path):
    """By hand, 2023-24: A has a conference only at CINdetails level (counted); B has the same conference at both
    levels (once); C has one in its section 47 only (counted); D's episode-level date is in 2022-23 (not this
    year). Initial conferences in 2023-24: 3."""
    children = "".join([
        _child("A", _episode("2023-05-01", icpc="2023-05-20")),
        _child("B", _episode("2023-06-01", icpc="2023-06-20", s47=_s47("2023-06-02", "2023-06-20"))),
        _child("C", _episode("2023-07-01", s47=_s47("2023-07-02", "2023-07-21"))),
        _child("D", _episode("2023-01-10", icpc="2023-02-01")),
    ])
    d = _area(tmp_path, {"cin_2023-24.xml": _return(2024, "2024-03-31", children)})
    data = cp.load(d, "Testshire", cache=False)
    assert data.referrals["DateOfInitialCPC"].notna().sum() == 3  # kept, never dropped
    table = cp.indicators(data, "2023-24")
    assert _value(table, "initial_cp_conferences", "2023-24") == 3
    assert _value(table, "section_47_enquiries", "2023-24") == 2


def test_year_comes_from_the_header_and_an_odd_reference_date_is_noted(tmp_path):
    d = _area(tmp_path, {"return.xml": _return(2022, "2022-07-21", _child("A", _episode("2021-06-01")))})
    ret = cin_xml.read_census(d / "cin_census" / "return.xml")
    assert ret.year.label == "2021-22" and ret.collection == 2022
    assert ret.reference_date == pd.Timestamp("2022-03-31")
    assert ret.header_reference_date == pd.Timestamp("2022-07-21")
    data = cp.load(d, "Testshire", cache=False)
    assert [y.label for y in data.census_years] == ["2021-22"]
    notes = [n["note"] for n in data.rejections.notes]
    assert any("2022-07-21" in n and "2021-22" in n for n in notes)


def test_codes_checked_by_collection_year(tmp_path):
    """RC9 and referral source 5D exist from the 2023 collection (2022-23 return): rejected in 2021-22."""
    old = _child("A", _episode("2021-06-01", source="5D", closure="2021-07-01", reason="RC9"))
    new = _child("B", _episode("2022-06-01", source="5D", closure="2022-07-01", reason="RC9"))
    d = _area(tmp_path, {"a.xml": _return(2022, "2022-03-31", old), "b.xml": _return(2023, "2023-03-31", new)})
    data = cp.load(d, "Testshire", cache=False)
    log = data.rejections.to_frame()
    wrong = log[log["reason"].str.contains("not valid in the 2021-22 collection")]
    assert set(wrong["file"]) == {"cin_census/a.xml [CINdetails]"} and set(wrong["row"]) == {1}
    assert len(data.referrals) == 1  # B's referral, valid in 2022-23
    s = data.rejections.summary()
    assert s["reconciles"].all()


def test_code_lists_come_from_each_years_schema():
    assert "RC9" not in cin_spec.codes(2022)["ReasonForClosure"] and "RC9" in cin_spec.codes(2023)["ReasonForClosure"]
    assert "24A" not in cin_spec.codes(2021)["AssessmentFactors"] and "24A" in cin_spec.codes(2022)["AssessmentFactors"]
    assert "18A" in cin_spec.codes(2020)["AssessmentFactors"] and "18A" not in cin_spec.codes(2021)["AssessmentFactors"]
    assert cin_spec.codes(2025)["Sex"] == {"F", "M", "U"} and "GenderCurrent" not in cin_spec.codes(2025)
    assert "GenderCurrent" in cin_spec.codes(2024)


def test_conformance_is_findings_never_a_crash(tmp_path):
    good = _return(2025, "2025-03-31", _child("A", _episode("2024-06-01"), sex="<Sex>F</Sex>"))
    bad = _return(2024, "2024-03-31", _child("A", "<CINdetails><ReferralNFA>false</ReferralNFA>"
                                                  "<CINreferralDate>2023-06-01</CINreferralDate></CINdetails>"))
    d = _area(tmp_path, {"good.xml": good, "bad.xml": bad, "broken.xml": "<Message><Children>"})
    assert cin_spec.validate(d / "cin_census" / "good.xml") == (2025, [])
    year, findings = cin_spec.validate(d / "cin_census" / "bad.xml", "bad.xml")
    assert year == 2024 and findings and all(f["file"] == "bad.xml [CINdetails]" and f["row"] == 1 for f in findings)
    assert "2023-06-01" not in repr(findings)  # never a value from the record
    year, findings = cin_spec.validate(d / "cin_census" / "broken.xml", "broken.xml")
    assert year is None and len(findings) == 1
    lines = cin_spec.conformance_lines(d)
    assert any("good.xml" in line and "conforms" in line for line in lines)


def test_2025_26_pre_proceedings_and_fgdm_block_read_and_kept(tmp_path):
    episode = _episode("2025-05-01").replace(
        "</CINdetails>", "<PreProceedings><PreProceedingsStartDate>2025-06-01</PreProceedingsStartDate>"
        "</PreProceedings><FamilyGroupDecisionMaking><FGDMofferedDate>2025-05-10</FGDMofferedDate>"
        "<FGDMdate>2025-05-20</FGDMdate></FamilyGroupDecisionMaking></CINdetails>")
    d = _area(tmp_path, {"r.xml": _return(2026, "2026-03-31", _child("A", episode, sex="<Sex>M</Sex>"))})
    assert cin_spec.validate(d / "cin_census" / "r.xml") == (2026, [])
    ret = cin_xml.read_census(d / "cin_census" / "r.xml")
    assert ret.extra["pre_proceedings"][["PreProceedingsStartDate"]].values.tolist() == [["2025-06-01"]]
    assert ret.extra["fgdm"][["FGDMofferedDate", "FGDMdate"]].values.tolist() == [["2025-05-10", "2025-05-20"]]


@pytest.mark.parametrize("collection", range(cin_spec.FIRST, cin_spec.LAST + 1))
def test_code_lists_read_from_the_xsd_match_the_full_schema_model(collection):
    """codes() reads the enumerations from the XSD text; xmlschema's model of the same file is the reference."""
    from xmlschema.validators import XsdElement

    reference = {c.local_name: frozenset(str(v) for v in c.type.enumeration)
                 for c in cin_spec.schema(collection).maps.iter_components()
                 if isinstance(c, XsdElement) and c.type.is_simple() and getattr(c.type, "enumeration", None)}
    assert cin_spec.codes(collection) == reference
    assert {"ReferralSource", "ReasonForClosure", "AssessmentFactors", "PrimaryNeedCode"} <= set(reference)


def _plan(previous: str) -> str:
    return ("<ChildProtectionPlans><CPPstartDate>2024-07-01</CPPstartDate><InitialCategoryOfAbuse>NEG"
            "</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>"
            f"<NumberOfPreviousCPP>{previous}</NumberOfPreviousCPP></ChildProtectionPlans>")


@pytest.mark.parametrize("previous, departs", [("0", False), ("2", False), ("-1", True), ("one", True)])
def test_a_first_plan_recorded_as_0_is_not_a_departure(tmp_path, previous, departs):
    """DfE's validation rule 8730: NumberOfPreviousCPP "must be greater than or equal to zero" (0 for a first
    plan), though the schema types it as a positive integer."""
    text = _return(2025, "2025-03-31", _child("A", _episode("2024-06-01", plan=_plan(previous)), sex="<Sex>F</Sex>"))
    d = _area(tmp_path, {"r.xml": text})
    year, findings = cin_spec.validate(d / "cin_census" / "r.xml", "r.xml")
    assert [f["element"] for f in findings] == (["ChildProtectionPlans/NumberOfPreviousCPP"] if departs else [])
