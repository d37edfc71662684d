"""Property-based fuzzing of the readers and section loaders: a result or a clear InputError, nothing else.

Hypothesis generates hostile CSV (random bytes, random Unicode, ragged rows, huge fields, stray
quotes), XLSX workbooks (random cell values and types, written with openpyxl) and XML (random
nesting, entity declarations, truncation). Each is written into a temporary area folder where the
loader looks for it. The only acceptable outcomes are a result (and then, for a loader, every file
reconciles: rows read = rows used + rows rejected) or a :class:`clean.InputError`; any other
exception, or taking longer than the per-example time limit, fails.

``LSCB_FUZZ_EXAMPLES`` sets the examples per test (default 25, so the module runs in CI in well
under a minute); ``make fuzz`` sets it to 2000.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import os
import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lscb_analysis.inputs import clean

EXAMPLES = int(os.environ.get("LSCB_FUZZ_EXAMPLES", "25"))
TIME_LIMIT = 20  # seconds per example: a hang is a failure, not a stuck CI job
SETTINGS = settings(max_examples=EXAMPLES, deadline=dt.timedelta(seconds=10), derandomize=EXAMPLES <= 25,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much], database=None)
ROOT = Path(__file__).resolve().parent.parent
POPULATION = ROOT / "data" / "raw" / "exampleshire" / "population.csv"


class Hang(Exception):
    """The example took longer than TIME_LIMIT seconds."""


@contextmanager
def time_limit(seconds: float = TIME_LIMIT):
    def handler(signum, frame):
        raise Hang(f"no result after {seconds} s")

    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv(clean.KEY_ENV, "fuzz-tests")


@contextmanager
def area_dir():
    d = Path(tempfile.mkdtemp(prefix="lscb-fuzz-")) / "fuzzshire"
    d.mkdir()
    try:
        yield d
    finally:
        shutil.rmtree(d.parent, ignore_errors=True)


_WHERE = {"clean": "inputs.clean", "cin_xml": "inputs.cin_xml", "population": "inputs.population",
          "config": "inputs.config", "privacy": "checks.privacy"}


def module(name: str):
    return pytest.importorskip("lscb_analysis." + _WHERE.get(name, name))


# ----------------------------------------------------------------------------- strategies

# values a council extract really contains, mixed with junk
DATES = st.one_of(
    st.dates(min_value=dt.date(1890, 1, 1), max_value=dt.date(2110, 12, 31)).flatmap(
        lambda d: st.sampled_from([d.isoformat(), d.strftime("%d/%m/%Y"), d.strftime("%d.%m.%Y"),
                                   str((d - dt.date(1899, 12, 30)).days), f"{d.isoformat()}T00:00:00",
                                   d.strftime("%m/%d/%Y")])),
    st.sampled_from(["31/02/2024", "2024-13-01", "00/00/0000", "45383", "45383.0", "2024-04-01 10:30:00",
                     "0", "-1", "99999999", "1e5"]),
)
JUNK = st.sampled_from(["", " ", "#N/A", "#REF!", "#VALUE!", "#DIV/0!", "NULL", "nan", "N/A", "10.0", "1e308", "-0",
                        "\u00a0", "Zoë", "’", "=1+1", "=cmd|' /C calc'!A0", "@SUM(1)", '"', "\t", "0x1F", "١٠"])
CODES = st.sampled_from(["Y", "N", "U", "M", "F", "1", "2", "9", "NEG", "PHY", "MUL", "RC1", "N1", "2A", "3E", "6",
                         "YC", "YCC", "RO", "YRO", "DTO", "S250", "TRIAGE", "custody", "bail_supervision",
                         "start", "review", "end", "low", "very_high", "attended", "did_not_attend", "schools",
                         "health", "face_to_face", "webinar", "before", "after", "follow_up", "yes", "partly",
                         "no", "true", "false", "Exampleshire", "Westbridge", "Eastmoor", "0.5", "24", "3B;4B",
                         "1A,21", "10", "11", "3", "0"])
CELL = st.one_of(DATES, JUNK, CODES, st.text(max_size=12), st.integers(-10, 3000).map(str))
IDS = st.sampled_from(["1001", "1001.0", " 1001", "1002", "C1", "CD1001", "YP1", "D1", "L1", "10", "10.0", "11", ""])


@st.composite
def rows_for(draw, header: list[str], *, max_rows: int = 12) -> list[list[str]]:
    """Rows under ``header``: identifiers from a small pool (so links and duplicates happen), other
    cells from real-looking values and junk; sometimes ragged."""
    n = draw(st.integers(0, max_rows))
    rows = []
    for _ in range(n):
        row = [draw(IDS) if ("id" in h.lower() or h in ("CHILD",)) else draw(CELL) for h in header]
        if draw(st.integers(0, 9)) == 0:  # ragged: a cell short or one too many
            row = row[:-1] if draw(st.booleans()) else row + [draw(CELL)]
        rows.append(row)
    return rows


@st.composite
def header_variant(draw, columns: list[str]) -> list[str]:
    """The loader's own columns in any order and case, with spaces, sometimes one missing or one extra."""
    cols = list(draw(st.permutations(columns)))
    cols = [draw(st.sampled_from([c, c.upper(), c.lower(), f" {c} ", c.title()])) for c in cols]
    k = draw(st.integers(0, 9))
    if k == 0 and cols:
        cols.pop(draw(st.integers(0, len(cols) - 1)))
    elif k == 1:
        cols.append(draw(st.sampled_from(["notes", "extra", "", cols[0] if cols else "x"])))
    return cols


def to_csv(header: list[str], rows: list[list[str]], encoding: str = "utf-8", newline: str = "\r\n") -> bytes:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=newline)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding, errors="replace")


@st.composite
def hostile_csv(draw) -> bytes:
    """Random bytes, random Unicode, ragged rows, huge fields, stray and unclosed quotes, odd encodings."""
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(st.binary(max_size=3000))
    if kind == 1:
        text = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=2000))
        return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])), errors="replace")
    if kind == 2:  # CSV-ish: ragged rows of random text with quotes and separators
        cell = st.text(alphabet=st.sampled_from(list('ab,;"\'\r\n\t 1é€\u2028')), max_size=15)
        rows = draw(st.lists(st.lists(cell, max_size=8), max_size=20))
        return "\n".join(",".join(r) for r in rows).encode("utf-8")
    if kind == 3:  # a huge field, around the csv module's 131,072-character limit
        n = draw(st.sampled_from([131_071, 131_072, 131_073, 300_000]))
        quoted = draw(st.booleans())
        field = ('"' + "x" * n + '"') if quoted else "x" * n
        return f"id,comment\n1,{field}\n2,ok\n".encode()
    if kind == 4:  # valid-looking table with random content
        header = draw(st.lists(st.text(min_size=1, max_size=10), min_size=1, max_size=6))
        return to_csv(header, draw(rows_for(header)), encoding=draw(st.sampled_from(["utf-8", "cp1252", "utf-8-sig"])))
    # a file prefix that claims to be something else, then junk
    prefix = draw(st.sampled_from([b"%PDF-1.7", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\xff\xfe", b"<html>",
                                   b"<?xml version='1.0'?>", b"\xef\xbb\xbf", b"\x00"]))
    return prefix + draw(st.binary(max_size=500))


XLSX_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 12, 31)),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)),
    st.times(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    JUNK, CODES, DATES,
)


@st.composite
def xlsx_file(draw, header: list[str] | None = None) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    if header is None:
        header = draw(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8),
                               max_size=6))
    first_row = draw(st.integers(1, 4))  # sometimes titles or blank rows above the header
    for c, h in enumerate(header, start=1):
        ws.cell(row=first_row, column=c, value=h)
    for r in range(draw(st.integers(0, 10))):
        for c in range(1, len(header) + 2):
            v = draw(XLSX_VALUE)
            if v is not None:
                ws.cell(row=first_row + 1 + r, column=c, value=v)
    if draw(st.integers(0, 4)) == 0:  # a stray cell far away
        ws.cell(row=draw(st.integers(20, 5000)), column=draw(st.integers(1, 200)), value="x")
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if draw(st.integers(0, 5)) == 0:  # truncated (a fraction of the length: the draw must not depend on the bytes)
        data = data[:len(data) * draw(st.integers(0, 99)) // 100]
    return data


CENSUS_LEAVES = ["LAchildID", "PersonBirthDate", "Sex", "GenderCurrent", "Ethnicity", "CINreferralDate",
                 "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure", "ReferralNFA",
                 "AssessmentActualStartDate", "AssessmentAuthorisationDate", "AssessmentFactors",
                 "S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired", "CPPstartDate", "CPPendDate",
                 "InitialCategoryOfAbuse", "NumberOfPreviousCPP", "CPPreviewDate", "ReferenceDate"]
CENSUS_GROUPS = ["Child", "ChildIdentifiers", "ChildCharacteristics", "CINdetails", "Assessments",
                 "FactorsIdentifiedAtAssessment", "Section47", "ChildProtectionPlans", "Reviews", "Header",
                 "Children", "Message"]
XML_TEXT = st.one_of(CELL, IDS, st.sampled_from(["&amp;", "&lt;", "&#x0;", "&#65;", "&lol;", "]]>", "<![CDATA[x]]>"]))


def _xml_tree():
    leaf = st.builds(lambda t, v: f"<{t}>{v}</{t}>", st.sampled_from(CENSUS_LEAVES),
                     XML_TEXT.map(lambda s: s.replace("<", "&lt;") if not s.startswith("<!") else s))
    return st.recursive(leaf, lambda kids: st.builds(lambda t, ks: f"<{t}>{''.join(ks)}</{t}>",
                                                     st.sampled_from(CENSUS_GROUPS), st.lists(kids, max_size=4)),
                        max_leaves=40)


PROLOGS = st.sampled_from([
    "", '<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0" encoding="ISO-8859-1"?>\n',
    '<?xml version="1.0" encoding="UTF-16"?>\n', '<?xml version="1.0" encoding="latin-1"?>\n',
    '<?xml version="1.0" encoding="no-such-encoding"?>\n',
    '<!DOCTYPE Message [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n',
    '<!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
    '<!DOCTYPE Message SYSTEM "http://127.0.0.1:9/x.dtd">\n',
    '<!DOCTYPE Message [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>\n',
])


@st.composite
def census_xml(draw) -> bytes:
    body = "".join(draw(st.lists(_xml_tree(), max_size=4)))
    ref = draw(st.sampled_from(["2025-03-31", "2024-03-31", "31/03/2025", "", "2099-03-31"]))
    doc = (draw(PROLOGS) + f"<{draw(st.sampled_from(['Message', 'Message', 'message', 'Return']))}>"
           f"<Header><CollectionDetails><ReferenceDate>{ref}</ReferenceDate></CollectionDetails></Header>"
           f"<Children>{body}</Children></Message>")
    data = doc.encode("utf-8")
    if draw(st.integers(0, 4)) == 0:
        data = data[:draw(st.integers(0, len(data)))]
    return data


# ----------------------------------------------------------------------------- properties

def check_loaded(result, loader: str) -> None:
    """A loaded result: every file it read reconciles."""
    log = getattr(result, "rejections", None)
    if log is None:
        return
    summary = log.summary()
    assert summary["reconciles"].all(), summary[~summary["reconciles"]].to_string()


def outcome(fn, *args, **kwargs):
    """Run ``fn``: a result, or None for an InputError; any other exception or a hang fails the test."""
    with time_limit():
        try:
            return fn(*args, **kwargs)
        except clean.InputError as exc:
            assert str(exc).strip(), "an InputError with no message"
            return None


@SETTINGS
@given(data=hostile_csv())
def test_fuzz_read_table_csv(data):
    with area_dir() as d:
        p = d / "extract.csv"
        p.write_bytes(data)
        log = clean.Rejections()
        df = outcome(clean.read_table, p, log, header_hint=["id"])
        if df is not None:
            assert "_row" in df.columns
            assert df["_row"].is_monotonic_increasing and df["_row"].ge(2).all()
            assert all(isinstance(v, str) for c in df.columns if c != "_row" for v in df[c])
            # every data row is in the frame or logged (blank or over-long rows)
            assert log.read["extract.csv"] == len(df) + sum(1 for r in log.records if r["reason"] == "blank row")


@SETTINGS
@given(data=xlsx_file())
def test_fuzz_read_table_xlsx(data):
    with area_dir() as d:
        p = d / "extract.xlsx"
        p.write_bytes(data)
        df = outcome(clean.read_table, p, clean.Rejections())
        if df is not None:
            assert "_row" in df.columns and df["_row"].is_monotonic_increasing


@SETTINGS
@given(data=census_xml())
def test_fuzz_cin_census_xml(data):
    cin_xml = module("cin_xml")
    with area_dir() as d:
        p = d / "cin_2024-25.xml"
        p.write_bytes(data)
        ret = outcome(cin_xml.read_census, p)
        if ret is not None:
            assert set(ret.tables) == set(cin_xml.TABLES)


# the file each loader reads, its columns, and the other files it needs to get that far
SECTION_FILES = {
    "cdop": ("cdop/child_deaths.csv", ["case_id", "date_of_birth", "date_of_death", "sex", "ethnicity", "residence",
                                       "expected", "sudden_unexpected", "rapid_response", "place_of_death",
                                       "review_completed_date", "category", "modifiable"], {}),
    "yos": ("yos/outcomes.csv", ["young_person_id", "date_of_birth", "sex", "ethnicity", "residence",
                                 "offence_date", "outcome_date", "outcome", "offence_type"], {}),
    "yos_remands": ("yos/remands.csv", ["young_person_id", "remand_start", "remand_end", "remand_type"], {}),
    "yos_assessments": ("yos/assessments.csv", ["young_person_id", "assessment_date", "stage", "vulnerability",
                                                "risk_of_serious_harm"], {}),
    "training": ("training/attendance.csv", ["course_id", "delegate_id", "organisation", "sector", "status"],
                 {"training/courses.csv": b"course_id,title,theme,mode,start_date,days,places\r\n"
                                          b"10,Neglect,neglect,face_to_face,2024-05-14,1,24\r\n"
                                          b"11,Domestic abuse,domestic_abuse,webinar,2024-06-20,0.5,40\r\n"}),
    "training_evaluations": ("training/evaluations.csv", ["course_id", "delegate_id", "stage", "response_date",
                                                          "confidence", "objectives_met", "recommend",
                                                          "applied_learning", "comment"],
                             {"training/courses.csv": b"course_id,title,theme,mode,start_date,days,places\r\n"
                                                      b"10,Neglect,neglect,face_to_face,2024-05-14,1,24\r\n",
                              "training/attendance.csv": b"course_id,delegate_id,organisation,sector,status\r\n"
                                                         b"10,D1,School,schools,attended\r\n"
                                                         b"10,1001,Police,police,attended\r\n"}),
    "cp": ("contacts.csv", ["Child Unique ID", "Date of Contact", "Contact Source"], {}),
    "cp_plans": ("cin/cp_plans.csv", ["LAchildID", "CINreferralDate", "CPPstartDate", "CPPendDate",
                                      "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"],
                 {f"cin/{t}.csv": h.encode() + b"\r\n" for t, h in [
                     ("children", "LAchildID,PersonBirthDate,Sex"),
                     ("referrals", "LAchildID,CINreferralDate,ReferralSource,CINclosureDate,ReferralNFA"),
                     ("assessments", "LAchildID,CINreferralDate,AssessmentActualStartDate,AssessmentAuthorisationDate"),
                     ("section47", "LAchildID,CINreferralDate,S47ActualStartDate,DateOfInitialCPC"),
                     ("cp_reviews", "LAchildID,CPPstartDate,CPPreviewDate")]}),
}


def _section(key: str) -> str:
    return key.split("_")[0]


def run_loader(key: str, area: Path, with_indicators: bool = True):
    """Load the section from ``area``; if it loads, compute its indicators for 2024-25 too."""
    mod = module(_section(key))
    data = outcome(mod.load, area)
    if data is not None:
        check_loaded(data, key)
        if with_indicators:
            with time_limit():
                mod.indicators(data, "2024-25")  # whatever loaded must be usable: no exception at all
    return data


# for each section, the files fuzzed together in one area folder (keys of SECTION_FILES)
STRUCTURED = {
    "cdop": ["cdop"],
    "yos": ["yos", "yos_remands", "yos_assessments"],
    "training": ["training_evaluations"],  # with a fuzzed attendance.csv in place of the fixed one
    "cp": ["cp", "cp_plans"],
}


def _write_table(path: Path, header: list[str], rows: list[list[str]], encoding: str, as_xlsx: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not as_xlsx:
        path.write_bytes(to_csv(header, rows, encoding=encoding))
        return
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([ILLEGAL_CHARACTERS_RE.sub("", h) for h in header])
    for r in rows:  # Excel cannot hold control characters, and a leading = would be a formula
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", c).lstrip("=@") for c in r])
    wb.save(path.with_suffix(".xlsx"))


@pytest.mark.parametrize("section", list(STRUCTURED))
@SETTINGS
@given(draw=st.data())
def test_fuzz_section_loader_structured(section, draw):
    """The section's real columns (shuffled, re-cased, sometimes one missing) over realistic and junk
    values, in every file the section reads; if it loads, its indicators for 2024-25 are computed too."""
    module(section)
    files: dict[str, tuple[list[str], list[list[str]]]] = {}
    fixed: dict[str, bytes] = {}
    for key in STRUCTURED[section]:
        target, columns, others = SECTION_FILES[key]
        fixed.update(others)
        header = draw.draw(header_variant(columns), label=f"{target} header")
        files[target] = (header, draw.draw(rows_for(header), label=f"{target} rows"))
    if section == "training":  # fuzz attendance too, with the same delegate pool as the evaluations
        target, columns, _ = SECTION_FILES["training"]
        header = draw.draw(header_variant(columns), label=f"{target} header")
        files[target] = (header, draw.draw(rows_for(header), label=f"{target} rows"))
    encoding = draw.draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]), label="encoding")
    as_xlsx = draw.draw(st.integers(0, 4), label="xlsx") == 0
    with area_dir() as d:
        if POPULATION.exists():
            shutil.copy(POPULATION, d / "population.csv")
        for rel, content in fixed.items():
            if rel not in files:
                (d / rel).parent.mkdir(parents=True, exist_ok=True)
                (d / rel).write_bytes(content)
        for rel, (header, rows) in files.items():
            _write_table(d / rel, header, rows, encoding, as_xlsx)
        run_loader(section, d)


@pytest.mark.parametrize("key", ["cdop", "yos", "training", "cp", "population"])
@SETTINGS
@given(data=hostile_csv())
def test_fuzz_section_loader_hostile_csv(key, data):
    """Random bytes and broken CSV where the section's main file should be."""
    if key == "population":
        target, others = "population.csv", {"contacts.csv": b"Child Unique ID,Date of Contact,Contact Source\r\n"}
        key_run = "cp"
    else:
        target, _, others = SECTION_FILES[key]
        key_run = key
    module(_section(key_run))
    with area_dir() as d:
        for rel, content in {**others, target: data}.items():
            (d / rel).parent.mkdir(parents=True, exist_ok=True)
            (d / rel).write_bytes(content)
        run_loader(key_run, d, with_indicators=False)


@pytest.mark.parametrize("key", ["cdop", "training"])
@SETTINGS
@given(data=st.data())
def test_fuzz_section_loader_xlsx(key, data):
    """Random XLSX workbooks (the section's header over random cell types) where the loader looks."""
    target, columns, others = SECTION_FILES[key]
    module(_section(key))
    content = data.draw(xlsx_file(header=columns))
    with area_dir() as d:
        for rel, c in others.items():
            (d / rel).parent.mkdir(parents=True, exist_ok=True)
            (d / rel).write_bytes(c)
        p = (d / target).with_suffix(".xlsx")
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content)
        run_loader(key, d, with_indicators=False)


@SETTINGS
@given(data=census_xml())
def test_fuzz_cp_loader_census_xml(data):
    """Random census XML where cp.load looks for returns."""
    module("cp")
    with area_dir() as d:
        (d / "cin_census").mkdir()
        (d / "cin_census" / "cin_2024-25.xml").write_bytes(data)
        run_loader("cp", d, with_indicators=False)


def test_time_limit_stops_a_hang():
    """The per-example limit really interrupts a loop that never ends."""
    import time

    with pytest.raises(Hang):
        with time_limit(0.2):
            while True:
                time.sleep(0.01)


def test_hypothesis_settings_follow_the_environment():
    assert SETTINGS.max_examples == int(os.environ.get("LSCB_FUZZ_EXAMPLES", "25"))
    assert SETTINGS.deadline is not None
    assert importlib.import_module("hypothesis")


# ----------------------------------------------------------------------------- bounds (issue 16)

@SETTINGS
@given(commas=st.sampled_from([1_022, 1_023, 1_024, 40_000]), rows=st.integers(0, 300),
       where=st.sampled_from(["first", "middle", "last"]), newline=st.sampled_from([b"\n", b"\r\n", b"\r"]))
def test_fuzz_csv_width_bounds(commas, rows, where, newline):
    """A line of many commas anywhere in a CSV: read (within the bounds) or refused naming the line, and
    never more values on a row than the bound."""
    from lscb_analysis.inputs import limits

    body = [b"1,a,b"] * rows
    at = {"first": 0, "middle": rows // 2, "last": rows}[where]
    lines = [b"id,x,y"] + body[:at] + [b"," * commas] + body[at:]
    with area_dir() as d:
        p = d / "extract.csv"
        p.write_bytes(newline.join(lines) + newline)
        df = outcome(clean.read_table, p, clean.Rejections())
        if commas + 1 > limits.MAX_FIELDS_PER_ROW:
            assert df is None
        elif df is not None:
            assert df.shape[1] <= limits.MAX_FIELDS_PER_ROW + 1


@SETTINGS
@given(run=st.integers(0, 3000), limit=st.sampled_from([1000, 2048]), blanks=st.booleans(),
       gz=st.booleans(), piece=st.sampled_from([1, 7, 64, 65_536]))
def test_fuzz_xml_text_and_expansion_bounds(run, limit, blanks, gz, piece):
    """Runs of blanks or of one value around the text bound, in plain or gzipped returns, read in pieces of
    any size: past the bound an InputError, within it a result; never a hang, never more read than allowed."""
    import gzip

    from lscb_analysis.inputs import limits

    cin_xml = module("cin_xml")
    fill = (b" " if blanks else b"7") * run
    doc = (b"<Message><Header><CollectionDetails><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails>"
           b"</Header><Children><Child><ChildIdentifiers><LAchildID>" + fill +
           b"</LAchildID></ChildIdentifiers></Child></Children></Message>")
    with area_dir() as d, pytest.MonkeyPatch.context() as mp:
        mp.setattr(limits, "MAX_XML_TEXT_BYTES", limit)
        mp.setattr(cin_xml, "_CHUNK", piece)
        p = d / ("cin_2024-25.xml.gz" if gz else "cin_2024-25.xml")
        p.write_bytes(gzip.compress(doc, mtime=0) if gz else doc)
        ret = outcome(cin_xml.read_census, p)
        if run > limit:
            assert ret is None
        else:
            assert ret is not None and len(ret.tables["children"]) == 1
        mp.setattr(limits, "MAX_DECOMPRESSED_BYTES", len(doc) - 1)
        assert outcome(cin_xml.read_census, p) is None  # one byte over the expanded-size bound
