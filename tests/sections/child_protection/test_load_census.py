"""The CIN census XML reader: safe (no entity expansion, no external entities), streaming, flattening,
and the same episode in two census years kept once."""

from __future__ import annotations

import gzip
import importlib
from pathlib import Path

import pandas as pd
import pytest

from lscb_analysis import cp
from lscb_analysis.inputs import cin_xml, clean

cp_load = importlib.import_module("lscb_analysis.sections.child_protection.load")  # the module; cp.load is a function


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv(clean.KEY_ENV, "test-key-not-secret")


def _return(reference: str, children: str, header: bool = True) -> str:
    head = (f"<Header><CollectionDetails><Collection>CIN</Collection><ReferenceDate>{reference}</ReferenceDate>"
            "</CollectionDetails></Header>") if header else ""
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n<Message>{head}<Children>\n{children}</Children></Message>\n'


CHILD_A = """<Child>
  <ChildIdentifiers><LAchildID>A1</LAchildID><UPN>A123456789012</UPN><PersonBirthDate>2012-05-01</PersonBirthDate>
    <GenderCurrent>1</GenderCurrent></ChildIdentifiers>
  <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
  <CINdetails>
    <CINreferralDate>2024-01-10</CINreferralDate><ReferralSource>6</ReferralSource><ReferralNFA>false</ReferralNFA>
    <Assessments><AssessmentActualStartDate>2024-01-11</AssessmentActualStartDate>
      <AssessmentAuthorisationDate>2024-02-20</AssessmentAuthorisationDate>
      <FactorsIdentifiedAtAssessment><AssessmentFactors>3B</AssessmentFactors><AssessmentFactors>4B</AssessmentFactors>
      </FactorsIdentifiedAtAssessment></Assessments>
    <Section47><S47ActualStartDate>2024-01-12</S47ActualStartDate><DateOfInitialCPC>2024-02-01</DateOfInitialCPC>
      <ICPCnotRequired>false</ICPCnotRequired></Section47>
    <ChildProtectionPlans><CPPstartDate>2024-02-01</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
      <LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP>
      <Reviews><CPPreviewDate>2024-04-20</CPPreviewDate><CPPreviewDate>2024-10-01</CPPreviewDate></Reviews>
    </ChildProtectionPlans>
  </CINdetails>
</Child>
"""


def test_flattens_a_return(tmp_path):
    p = tmp_path / "cin.xml"
    p.write_text(_return("2024-03-31", CHILD_A))
    r = cin_xml.read_census(p)
    assert r.reference_date == pd.Timestamp("2024-03-31") and r.year.label == "2023-24"
    t = r.tables
    assert t["children"][["LAchildID", "PersonBirthDate", "Sex", "Ethnicity"]].values.tolist() == [
        ["A1", "2012-05-01", "1", "WBRI"]]
    assert "UPN" not in t["children"].columns
    assert t["assessments"]["AssessmentFactors"].tolist() == ["3B;4B"]
    assert t["section47"]["CINreferralDate"].tolist() == ["2024-01-10"]  # copied down from CINdetails
    assert t["cp_reviews"][["CPPstartDate", "CPPreviewDate", "_row"]].values.tolist() == [
        ["2024-02-01", "2024-04-20", 1], ["2024-02-01", "2024-10-01", 2]]


def test_namespaces_and_gzip(tmp_path, monkeypatch):
    # a namespace the reader is told is a census one (the DfE schemas use none; any other is refused)
    monkeypatch.setattr(cin_xml, "CENSUS_NAMESPACES", frozenset({"", "http://example.org/cin"}))
    text = _return("2024-03-31", CHILD_A).replace("<Message>", '<Message xmlns="http://example.org/cin">')
    p = tmp_path / "cin_2023-24.xml.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write(text)
    r = cin_xml.read_census(p)
    assert len(r.tables["referrals"]) == 1 and r.tables["cp_plans"]["CPPstartDate"].iat[0] == "2024-02-01"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Message [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Message><Children><Child><ChildIdentifiers><LAchildID>&lol3;</LAchildID></ChildIdentifiers></Child></Children></Message>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE Message [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Message><Children><Child><ChildIdentifiers><LAchildID>&secret;</LAchildID></ChildIdentifiers></Child></Children></Message>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL], ids=["entity-expansion", "external-entity"])
def test_entities_are_refused_not_expanded(tmp_path, text):
    p = tmp_path / "cin_2024-25.xml"
    p.write_text(text)
    with pytest.raises(clean.InputError, match="refused"):
        cin_xml.read_census(p)


def test_undeclared_entity_is_an_error_not_a_lookup(tmp_path):
    p = tmp_path / "cin_2024-25.xml"
    p.write_text(_return("2025-03-31", "<Child><ChildIdentifiers><LAchildID>&x;</LAchildID></ChildIdentifiers></Child>"))
    with pytest.raises(clean.InputError, match="not well-formed XML"):
        cin_xml.read_census(p)


def test_prolog_check():
    assert cin_xml.plain_prolog(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- x <a> -->\n<Message>')
    assert not cin_xml.plain_prolog(b'<?xml version="1.0"?><!DOCTYPE Message><Message>')
    assert not cin_xml.plain_prolog("<Message>".encode("utf-16"))  # goes to the defused parser


def test_bad_files_are_named(tmp_path):
    p = tmp_path / "cin_2024-25.xml"
    p.write_text(_return("2025-03-31", CHILD_A).replace("</Children>", "</Childen>"))
    with pytest.raises(clean.InputError, match=r"cin_2024-25.xml.*not well-formed"):
        cin_xml.read_census(p)
    p.write_text("<Report><Children/></Report>")
    with pytest.raises(clean.InputError, match="root element is <Report>"):
        cin_xml.read_census(p)
    q = tmp_path / "children.xml"
    q.write_text(_return("", CHILD_A, header=False))
    with pytest.raises(clean.InputError, match="which census year"):
        cin_xml.read_census(q)
    # no header: the year comes from the file name
    p.write_text(_return("", CHILD_A, header=False))
    assert cin_xml.read_census(p).reference_date == pd.Timestamp("2025-03-31")


def test_streams_large_returns(tmp_path):
    # 10,000 children parse with every row kept and rows numbered in file order
    child = CHILD_A.replace("<LAchildID>A1</LAchildID>", "<LAchildID>ID{n}</LAchildID>")
    body = "".join(child.replace("{n}", str(i)) for i in range(10_000))
    p = tmp_path / "cin_2023-24.xml"
    p.write_text(_return("2024-03-31", body))
    r = cin_xml.read_census(p)
    assert len(r.tables["children"]) == 10_000 and len(r.tables["cp_reviews"]) == 20_000
    assert r.tables["children"]["LAchildID"].iat[-1] == "ID9999" and r.tables["children"]["_row"].iat[-1] == 10_000


EPISODE_2324 = """<Child><ChildIdentifiers><LAchildID>B2</LAchildID><PersonBirthDate>2014-01-01</PersonBirthDate>
<Sex>F</Sex></ChildIdentifiers><CINdetails><CINreferralDate>2024-02-01</CINreferralDate><ReferralSource>2A</ReferralSource>
<ReferralNFA>false</ReferralNFA><Assessments><AssessmentActualStartDate>2024-02-02</AssessmentActualStartDate>
</Assessments></CINdetails></Child>
"""
EPISODE_2425 = """<Child><ChildIdentifiers><LAchildID>B2</LAchildID><PersonBirthDate>2014-01-01</PersonBirthDate>
<Sex>F</Sex></ChildIdentifiers><CINdetails><CINreferralDate>2024-02-01</CINreferralDate><ReferralSource>2A</ReferralSource>
<CINclosureDate>2024-06-30</CINclosureDate><ReasonForClosure>RC8</ReasonForClosure><ReferralNFA>false</ReferralNFA>
<Assessments><AssessmentActualStartDate>2024-02-02</AssessmentActualStartDate>
<AssessmentAuthorisationDate>2024-04-10</AssessmentAuthorisationDate></Assessments></CINdetails></Child>
<Child><ChildIdentifiers><LAchildID>B3</LAchildID><PersonBirthDate>2010-01-01</PersonBirthDate>
<Sex>M</Sex></ChildIdentifiers><CINdetails><CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>6</ReferralSource>
<ReferralNFA>false</ReferralNFA></CINdetails><CINdetails><CINreferralDate>2024-05-01</CINreferralDate>
<ReferralSource>6</ReferralSource><ReferralNFA>false</ReferralNFA></CINdetails></Child>
"""


@pytest.fixture()
def two_years(tmp_path) -> Path:
    d = tmp_path / "area"
    (d / "cin_census").mkdir(parents=True)
    (d / "cin_census" / "cin_2023-24.xml").write_text(_return("2024-03-31", EPISODE_2324))
    (d / "cin_census" / "cin_2024-25.xml").write_text(_return("2025-03-31", EPISODE_2425))
    return d


def test_episode_in_two_census_years_kept_once(two_years):
    data = cp.load(two_years, area="Area")
    # B2's episode is in both returns: kept once, from the later return (with its closure date)
    assert len(data.referrals) == 2
    b2 = data.referrals[data.referrals["CINreferralDate"] == pd.Timestamp("2024-02-01")]
    assert b2["CINclosureDate"].iat[0] == pd.Timestamp("2024-06-30")
    assert b2["_file"].iat[0] == "cin_census/cin_2024-25.xml [CINdetails]"
    assert len(data.assessments) == 1 and data.assessments["AssessmentAuthorisationDate"].notna().all()
    log = data.rejections.to_frame()
    superseded = log[log["reason"] == cp.SUPERSEDED]
    assert sorted(superseded["file"]) == ["cin_census/cin_2023-24.xml [Assessments]",
                                          "cin_census/cin_2023-24.xml [CINdetails]",
                                          "cin_census/cin_2023-24.xml [Child]"]
    # B3's episode repeated within one return is a duplicate
    dup = log[log["reason"].str.startswith("duplicate")]
    assert dup[["file", "row"]].values.tolist() == [["cin_census/cin_2024-25.xml [CINdetails]", 3]]
    assert data.rejections.summary()["reconciles"].all()
    assert [y.label for y in data.census_years] == ["2023-24", "2024-25"]
    t24 = cp.indicators(data, "2023-24")
    t25 = cp.indicators(data, "2024-25")

    def count(t, ind):
        return t[(t["indicator"] == ind) & (t["unit"] == "count")]["value"].item()

    assert count(t24, "referrals") == 1 and count(t25, "referrals") == 1
    # open at 31 March 2024 (closed in June), and not at 31 March 2025 (B3 still open)
    assert count(t24, "children_in_need_at_31_march") == 1
    assert count(t25, "children_in_need_at_31_march") == 1
    assert count(t25, "assessments_completed") == 1


def test_dates_after_the_census_year_are_rejected(tmp_path):
    d = tmp_path / "area"
    (d / "cin_census").mkdir(parents=True)
    (d / "cin_census" / "cin_2023-24.xml").write_text(_return("2024-03-31", EPISODE_2324.replace(
        "<CINreferralDate>2024-02-01", "<CINreferralDate>2024-04-02")))
    data = cp.load(d, area="Area")
    log = data.rejections.to_frame()
    assert "date is after 31/03/2024 (in the future?)" in set(log["reason"])
    assert data.referrals.empty


def test_returns_cleaned_in_one_pass_match_one_at_a_time(tmp_path):
    # each return has a date after its own reference date: 2 April 2024 in the 2023-24 return (after
    # 31/03/2024), 10 April 2025 in the 2024-25 return (after 31/03/2025); 2 April 2024 is fine in 2024-25
    d = tmp_path / "area"
    (d / "cin_census").mkdir(parents=True)
    (d / "cin_census" / "cin_2023-24.xml").write_text(_return("2024-03-31", EPISODE_2324.replace(
        "<CINreferralDate>2024-02-01", "<CINreferralDate>2024-04-02")))
    (d / "cin_census" / "cin_2024-25.xml").write_text(_return("2025-03-31", EPISODE_2425.replace(
        "<CINclosureDate>2024-06-30", "<CINclosureDate>2025-04-10")))
    log = cp.load(d, area="Area", cache=False).rejections.to_frame()
    late = log[log["reason"].str.startswith("date is after")]
    assert late[["file", "column", "reason"]].values.tolist() == [  # the assessment carries its referral's date
        ["cin_census/cin_2023-24.xml [Assessments]", "CINreferralDate", "date is after 31/03/2024 (in the future?)"],
        ["cin_census/cin_2023-24.xml [CINdetails]", "CINreferralDate", "date is after 31/03/2024 (in the future?)"],
        ["cin_census/cin_2024-25.xml [CINdetails]", "CINclosureDate", "date is after 31/03/2025 (in the future?)"]]
    # cleaning both returns' tables in one pass gives each return's own typed rows and log, in order
    returns = [cin_xml.read_census(f, label=f.name) for f in sorted((d / "cin_census").iterdir())]
    for t in cp.TABLES:
        labels = [r.table_label(t) for r in returns]
        together_log, alone_log = clean.Rejections(), clean.Rejections()
        together = cp_load.clean_returns([r.tables[t] for r in returns], t, labels,
                                         [r.reference_date for r in returns], together_log, b"k")
        alone = [cp.clean_table(r.tables[t], t, label, alone_log, not_after=r.reference_date, key=b"k")
                 for r, label in zip(returns, labels)]
        for a, b in zip(together, alone):  # a date column with no dates in one return alone may be held in
            # seconds rather than microseconds: the same values, and the same once the returns are stacked
            pd.testing.assert_frame_equal(a, b.reset_index(drop=True), check_dtype=False)
        assert together_log.records == alone_log.records
