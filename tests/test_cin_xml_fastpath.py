"""The CIN census reader's fast path (tree built in C, complete ``Child`` elements read with C-level
lookups) gives exactly what the general reader (``iterparse`` events, elements matched by local name)
gives: the same tables, row numbers and reference date for awkward but valid returns, and the same
errors for broken ones. Returns the fast path does not handle must be handed to the general reader."""

from __future__ import annotations

import gzip
import weakref

import pandas as pd
import pytest

from lscb_analysis.inputs import cin_xml, clean

HEADER = "<Header><CollectionDetails><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails></Header>"


def _doc(children: str, root: str = "<Message>", header: str = HEADER, prolog: str = '<?xml version="1.0"?>\n') -> str:
    end = "</" + root[1:].split(">")[0].split()[0] + ">"
    return f"{prolog}{root}{header}<Children>\n{children}</Children>{end}\n"


def _read(path, monkeypatch, fast: bool):
    """Read with the fast path allowed (it must then be used) or switched off (the general reader)."""
    with monkeypatch.context() as m:
        if fast:
            def general(*args):
                raise AssertionError("the fast path handed this return to the general reader")
            m.setattr(cin_xml, "_read_general", general)
        else:
            def no_fast(*args):
                raise cin_xml._NotPlain("switched off")
            m.setattr(cin_xml, "_read_plain", no_fast)
        return cin_xml.read_census(path)


def _same(a: cin_xml.CensusReturn, b: cin_xml.CensusReturn) -> None:
    assert a.reference_date == b.reference_date and a.label == b.label
    assert list(a.tables) == list(b.tables)
    for t in a.tables:
        pd.testing.assert_frame_equal(a.tables[t], b.tables[t], check_exact=True)


def _both(path, monkeypatch, fast_expected: bool = True) -> cin_xml.CensusReturn:
    general = _read(path, monkeypatch, fast=False)
    if fast_expected:
        fast = _read(path, monkeypatch, fast=True)
    else:  # the fast path must give up and leave the file to the general reader
        calls = []
        real = cin_xml._read_general
        with monkeypatch.context() as m:
            m.setattr(cin_xml, "_read_general", lambda *a: calls.append(1) or real(*a))
            fast = cin_xml.read_census(path)
        assert calls == [1]
    _same(fast, general)
    return fast


# elements out of the usual order, repeated, empty, self-closing, with comments, processing
# instructions, CDATA, entity and character references, mixed content and unknown elements
AWKWARD = """<Child>
  <CINdetails>
    <Assessments>
      <AssessmentFactors>9Z</AssessmentFactors>
      <FactorsIdentifiedAtAssessment><AssessmentFactors> </AssessmentFactors><AssessmentFactors/>
        <Other>x</Other><AssessmentFactors>2A</AssessmentFactors></FactorsIdentifiedAtAssessment>
      <AssessmentAuthorisationDate>2024-06-01</AssessmentAuthorisationDate>
      <FactorsIdentifiedAtAssessment><AssessmentFactors>3B<!-- c -->X</AssessmentFactors></FactorsIdentifiedAtAssessment>
      <AssessmentActualStartDate>2024-05-01</AssessmentActualStartDate>
      <AssessmentActualStartDate>1999-01-01</AssessmentActualStartDate>
    </Assessments>
    <ReferralNFA/>
    <CINreferralDate>2024-04-<?pi x?>30</CINreferralDate>
    <CINreferralDate>1999-01-01</CINreferralDate>
    <ReferralSource><![CDATA[1<&>]]></ReferralSource>
    <ChildProtectionPlans>
      <CPPreviewDate>2024-09-01</CPPreviewDate>
      <Reviews><CPPreviewDate>2024-07-01</CPPreviewDate><Note>n</Note><CPPreviewDate></CPPreviewDate></Reviews>
      <CPPstartDate>2024-06-15</CPPstartDate>
      <Reviews><CPPreviewDate>2024-08-01</CPPreviewDate></Reviews>
    </ChildProtectionPlans>
    <Section47><ICPCnotRequired>true</ICPCnotRequired></Section47>
    <Section47/>
  </CINdetails>
  <ChildCharacteristics><Ethnicity>W&#66;RI</Ethnicity></ChildCharacteristics>
  <ChildCharacteristics><Ethnicity>XXXX</Ethnicity></ChildCharacteristics>
  <ChildIdentifiers>
    <GenderCurrent>1</GenderCurrent>
    <Sex></Sex>
    <LAchildID>A&amp;1<Extra>ignored</Extra>tail</LAchildID>
    <LAchildID>second</LAchildID>
    <PersonBirthDate>
      2012-05-01
    </PersonBirthDate>
  </ChildIdentifiers>
  <CINdetails/>
</Child>
<Child/>
<Child><ChildIdentifiers><LAchildID>B2</LAchildID><GenderCurrent>2</GenderCurrent></ChildIdentifiers></Child>
"""


def test_awkward_return_read_the_same_by_both_paths(tmp_path, monkeypatch):
    p = tmp_path / "cin_2024-25.xml"
    p.write_text(_doc(AWKWARD))
    r = _both(p, monkeypatch)
    t = r.tables
    assert r.reference_date == pd.Timestamp("2025-03-31")
    assert t["children"].drop(columns="_row").values.tolist() == [
        ["A&1", "\n      2012-05-01\n    ", "", "", "WBRI", ""],  # Sex present but empty wins over GenderCurrent
        ["", "", "", "", "", ""],
        ["B2", "", "", "2", "", ""]]
    assert t["children"]["_row"].tolist() == [1, 2, 3]
    assert t["referrals"].drop(columns="_row").values.tolist() == [
        ["A&1", "2024-04-30", "1<&>", "", "", "", "", ""],
        ["A&1", "", "", "", "", "", "", ""]]
    assert t["assessments"].drop(columns="_row").values.tolist() == [
        ["A&1", "2024-04-30", "2024-05-01", "2024-06-01", "2A;3BX;9Z"]]  # grouped factors first, then loose
    assert t["section47"]["ICPCnotRequired"].tolist() == ["true", ""]
    assert t["cp_plans"][["CINreferralDate", "CPPstartDate"]].values.tolist() == [["2024-04-30", "2024-06-15"]]
    assert t["cp_reviews"][["CPPstartDate", "CPPreviewDate", "_row"]].values.tolist() == [
        ["2024-06-15", "2024-07-01", 1], ["2024-06-15", "", 2], ["2024-06-15", "2024-08-01", 3],
        ["2024-06-15", "2024-09-01", 4]]


def test_default_namespace_and_gzip_use_the_fast_path(tmp_path, monkeypatch):
    # a namespace the reader is told is a census one (the DfE schemas use none; any other is refused)
    monkeypatch.setattr(cin_xml, "CENSUS_NAMESPACES", frozenset({"", "http://example.org/cin"}))
    text = _doc(AWKWARD, root='<Message xmlns="http://example.org/cin" '
                              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">')
    p = tmp_path / "cin_2024-25.xml.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write(text)
    r = _both(p, monkeypatch)
    assert r.tables["children"]["LAchildID"].tolist() == ["A&1", "", "B2"]


@pytest.mark.parametrize("chunk", [1, 7, 64, 1000])
def test_piece_boundaries_do_not_matter(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(cin_xml, "_CHUNK", chunk)
    p = tmp_path / "cin_2024-25.xml"
    p.write_text(_doc(AWKWARD * 3, prolog='<?xml version="1.0" encoding="UTF-8"?>\n<!-- x:y -->\n'))
    r = _both(p, monkeypatch)
    assert len(r.tables["children"]) == 9 and r.tables["cp_reviews"]["_row"].tolist() == list(range(1, 13))


CHILD = "<Child><ChildIdentifiers><LAchildID>{id}</LAchildID></ChildIdentifiers></Child>\n"


@pytest.mark.parametrize("name, text", [
    ("prefixed element names", _doc(CHILD.format(id="A").replace("LAchildID>", "c:LAchildID>"),
                                    root='<Message xmlns:c="urn:c">')),
    ("prefixed root", _doc(CHILD.format(id="A"), root='<c:Message xmlns:c="urn:c">').replace(
        "</Message>", "</c:Message>")),
    ("namespace declared below the root", _doc(CHILD.format(id="A").replace(
        "<ChildIdentifiers>", '<ChildIdentifiers xmlns="urn:other">'))),
    ("xml: prefix", _doc(CHILD.format(id="A").replace("LAchildID>", "xml:LAchildID>"))),
    ("Child inside a Child", _doc(CHILD.format(id="A").replace("</Child>", CHILD.format(id="inner") + "</Child>"))),
    ("Child outside Children", _doc(CHILD.format(id="A"), header=HEADER + "<Extra>" + CHILD.format(id="B")
                                    + "</Extra>")),
    ("wrapper inside Children", _doc("<Group>" + CHILD.format(id="A") + "</Group>" + CHILD.format(id="B"))),
    ("ReferenceDate inside a Child", _doc(CHILD.format(id="A").replace(
        "</Child>", "<ReferenceDate>2024-03-31</ReferenceDate></Child>"))),
    ("two ReferenceDates", _doc(CHILD.format(id="A"), header=HEADER + "<ReferenceDate>2024-03-31</ReferenceDate>")),
    ("ReferenceDate in a comment", _doc(CHILD.format(id="A") + "<!-- <ReferenceDate>x</ReferenceDate> -->\n")),
    ("UTF-16", _doc(CHILD.format(id="A"), prolog='<?xml version="1.0" encoding="UTF-16"?>\n')),
    ("a large element outside Children", _doc(CHILD.format(id="A"), header=HEADER + "<Extra>" + "<X>y</X>" * 600_000
                                              + "</Extra>")),
])
def test_returns_the_fast_path_leaves_to_the_general_reader(tmp_path, monkeypatch, name, text):
    monkeypatch.setattr(cin_xml, "CENSUS_NAMESPACES", frozenset({"", "urn:c"}))  # as if urn:c were a census one
    p = tmp_path / "cin_2024-25.xml"
    p.write_bytes(text.encode("utf-16" if name == "UTF-16" else "utf-8"))
    r = _both(p, monkeypatch, fast_expected=False)
    assert r.tables["children"]["LAchildID"].iat[0] in {"A", "B", "inner"}


def test_child_inside_a_child_gives_both_rows(tmp_path, monkeypatch):
    p = tmp_path / "cin_2024-25.xml"
    p.write_text(_doc(CHILD.format(id="A").replace("</Child>", CHILD.format(id="inner") + "</Child>")))
    r = _both(p, monkeypatch, fast_expected=False)
    assert r.tables["children"]["LAchildID"].tolist() == ["inner", "A"]  # the inner one ends first


@pytest.mark.parametrize("name, text", [
    ("truncated", _doc(CHILD.format(id="A") * 50)[:-40]),
    ("bad token in a Child", _doc(CHILD.format(id="A") * 50 + CHILD.format(id="a < b"))),
    ("mismatched tag", _doc(CHILD.format(id="A")).replace("</Children>", "</Childen>")),
    ("undefined entity", _doc(CHILD.format(id="&x;"))),
    ("wrong root", "<Report><Children/></Report>"),
    ("wrong root then broken", "<Report><Children></Report>"),
    ("unknown encoding", _doc(CHILD.format(id="A"), prolog='<?xml version="1.0" encoding="klingon"?>\n')),
    ("junk after the root", _doc(CHILD.format(id="A")) + "<Message/>"),
    ("not a date", _doc(CHILD.format(id="A"), header="<Header><ReferenceDate>31/03/2025</ReferenceDate></Header>")),
])
def test_errors_are_the_general_readers(tmp_path, monkeypatch, name, text):
    p = tmp_path / "cin_2024-25.xml"
    p.write_text(text)
    errors = []
    for fast in (True, False):
        with monkeypatch.context() as m:
            if not fast:
                m.setattr(cin_xml, "_read_plain", lambda *a: (_ for _ in ()).throw(cin_xml._NotPlain("off")))
            with pytest.raises(clean.InputError) as exc:
                cin_xml.read_census(p)
            errors.append((str(exc.value), exc.value.row))
    assert errors[0] == errors[1]
    assert "cin_2024-25.xml" in errors[0][0]


def test_corrupt_gzip_error_unchanged(tmp_path):
    p = tmp_path / "cin_2024-25.xml.gz"
    whole = gzip.compress(_doc("".join(CHILD.format(id=i * 7919 % 100_003) for i in range(5_000))).encode())
    p.write_bytes(whole[:len(whole) // 2])
    with pytest.raises(clean.InputError, match="cannot be read|not well-formed"):
        cin_xml.read_census(p)


def test_fast_path_streams(tmp_path, monkeypatch):
    # the Child elements read so far are freed as the file streams past, not kept until the end
    p = tmp_path / "cin_2024-25.xml"
    p.write_text(_doc("".join(CHILD.format(id=i) for i in range(20_000))))
    alive: list[weakref.ref] = []
    most = [0]
    real = cin_xml._fast_child

    def watched(ns, rows):
        child = real(ns, rows)

        def watch(elem):
            alive.append(weakref.ref(elem))
            if len(alive) % 500 == 0:
                most[0] = max(most[0], sum(r() is not None for r in alive))
            child(elem)
        return watch

    monkeypatch.setattr(cin_xml, "_fast_child", watched)
    r = _read(p, monkeypatch, fast=True)
    assert len(r.tables["children"]) == 20_000 and r.tables["children"]["LAchildID"].iat[-1] == "19999"
    assert 0 < most[0] < 2_000  # one 64 KB piece holds about 900 of these children
