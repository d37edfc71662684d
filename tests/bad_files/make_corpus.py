"""Write the corpus of bad input files in ``tests/bad_files/`` and the table of what each must give.

Every case is a small, fictional area folder (``tests/bad_files/<case>/``) laid out as the raw
data contract (DESIGN.md section 4) expects, so the real section loader reads it. Each holds one
realistic fault: a file saved from Excel in Windows-1252 or UTF-16, a title above the header, a
missing or repeated column, an empty file, a PDF or zip renamed .csv, identifiers stored as "10.0",
formula errors (#N/A), impossible and future dates, an end before its start, unknown codes,
repeated identifiers, a CIN census return for the wrong year, and malformed or hostile XML.

``expected.csv`` has one line per expectation (a case may have several):

* ``loader``: ``read_table`` (``clean.read_table`` on ``target``), ``population``, ``cdop``, ``yos``,
  ``training`` or ``cp`` (``<module>.load(case folder)``);
* ``outcome``: ``error`` (a ``clean.InputError`` whose message names ``file``, ``row`` and ``column``
  where given and matches ``message``), ``rejection`` (a logged rejection with that file, row,
  column and a reason matching ``message``), ``note`` (a note on that file matching ``message``)
  or ``clean`` (loads with nothing rejected);
* ``message``: a regular expression, case-insensitive.

Run ``python tests/bad_files/make_corpus.py`` to rewrite the folders and the table; the output is
byte-identical on every run (no timestamps, fixed zip dates), and the committed files are its output.
"""

from __future__ import annotations

import csv
import gzip
import io
import shutil
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELDS = ["case", "loader", "target", "outcome", "file", "row", "column", "message"]

# ----------------------------------------------------------------------------- valid base content

CDOP_HEADER = ["case_id", "date_of_birth", "date_of_death", "sex", "ethnicity", "residence", "expected",
               "sudden_unexpected", "rapid_response", "place_of_death", "review_completed_date", "category",
               "modifiable"]
CDOP_ROWS = [
    ["CD1001", "2010-05-03", "2023-06-10", "F", "WBRI", "Exampleshire", "Y", "N", "N", "hospital", "2024-01-15",
     "4", "N"],
    ["CD1002", "2023-01-02", "2023-01-20", "M", "ASIA", "Exampleshire", "N", "Y", "Y", "home", "", "", ""],
    ["CD1003", "2008-11-30", "2024-02-11", "M", "WBRI", "Westbridge", "N", "N", "Y", "public place", "2024-09-01",
     "3", "Y"],
]
YOS_HEADER = ["young_person_id", "date_of_birth", "sex", "ethnicity", "residence", "offence_date", "outcome_date",
              "outcome", "offence_type"]
YOS_ROWS = [
    ["YP2001", "2008-03-14", "M", "WBRI", "Exampleshire", "2023-05-01", "2023-06-15", "YC", "theft"],
    ["YP2002", "2007-09-30", "F", "BCRB", "Exampleshire", "2023-08-19", "2023-11-02", "RO", "violence against the person"],
    ["YP2003", "2009-01-05", "M", "WBRI", "Exampleshire", "2024-01-10", "2024-03-01", "YRO", "robbery"],
]
REMAND_HEADER = ["young_person_id", "remand_start", "remand_end", "remand_type"]
COURSE_HEADER = ["course_id", "title", "theme", "mode", "start_date", "days", "places"]
COURSE_ROWS = [
    ["10", "Neglect: recognising and responding", "neglect", "face_to_face", "2024-05-14", "1", "24"],
    ["11", "Working with families affected by domestic abuse", "domestic abuse", "webinar", "2024-06-20", "0.5", "40"],
    ["12", "Child sexual exploitation", "exploitation", "workshop", "2024-09-03", "1", "20"],
]
ATTENDANCE_HEADER = ["course_id", "delegate_id", "organisation", "sector", "status"]
ATTENDANCE_ROWS = [
    ["10", "D5001", "Exampleshire Primary School", "schools", "attended"],
    ["10", "D5002", "Exampleshire Police", "police", "did_not_attend"],
    ["11", "D5003", "Exampleshire Health Trust", "health", "attended"],
    ["12", "D5004", "Children's Services", "childrens_social_care", "attended"],
]
ELEARNING_HEADER = ["learner_id", "module", "sector", "enrolled_date", "completed_date"]
CONTACT_HEADER = ["Child Unique ID", "Date of Contact", "Contact Source"]
CONTACT_ROWS = [["C3001", "2024-04-03", "6"], ["C3002", "05/06/2024", "2A"], ["C3003", "2024-11-20", "3E"]]
POP_HEADER = ["area", "mid_year", "age", "sex", "population"]


def csv_bytes(header: list[str] | None, rows: list[list[str]], encoding: str = "utf-8", newline: str = "\r\n") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=newline)
    if header is not None:
        w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


def replace(rows: list[list[str]], header: list[str], row: int, column: str, value: str) -> list[list[str]]:
    """A copy of ``rows`` with data row ``row`` (spreadsheet numbering: the first data row is 2) changed."""
    out = [list(r) for r in rows]
    out[row - 2][header.index(column)] = value
    return out


def population_bytes(area: str, years=(2023, 2024)) -> bytes:
    rows = [[area, str(y), str(a), s, str(1100 + 7 * a + (3 if s == "M" else 0))]
            for y in years for a in range(18) for s in ("F", "M")]
    return csv_bytes(POP_HEADER, rows, newline="\n")


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 4, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def xlsx_bytes(rows: list[list], *, sheet_prefix: str = "", errors: set[tuple[int, int]] = frozenset(),
               hidden_before: list[list] | None = None) -> bytes:
    """A minimal, valid XLSX workbook with one sheet, written by hand so the bytes never change.

    ``rows`` hold str (inline strings), int or float (numbers) or None; ``errors`` lists the
    (row, column) positions, counting from 0, whose string is a formula error cell (#N/A) with a
    cached value. ``sheet_prefix`` is put before the worksheet element (for the hostile cases).
    ``hidden_before``: the rows of a hidden sheet placed before it (an old copy left in the workbook)."""
    if hidden_before is not None:
        return _two_sheets(xlsx_bytes(hidden_before), xlsx_bytes(rows))
    def col(i: int) -> str:
        s = ""
        i += 1
        while i:
            i, r = divmod(i - 1, 26)
            s = chr(65 + r) + s
        return s

    cells = []
    for r, row in enumerate(rows):
        out = []
        for c, v in enumerate(row):
            ref = f"{col(c)}{r + 1}"
            if v is None:
                continue
            if (r, c) in errors:
                out.append(f'<c r="{ref}" t="e"><f>VLOOKUP(A{r + 1},Lookup!A:B,2,FALSE)</f><v>{v}</v></c>')
            elif isinstance(v, (int, float)):
                out.append(f'<c r="{ref}"><v>{v!r}</v></c>')
            else:
                text = str(v).replace("&", "&amp;").replace("<", "&lt;")
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')
        cells.append(f'<row r="{r + 1}">{"".join(out)}</row>')
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{sheet_prefix}'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData>{"".join(cells)}</sheetData></worksheet>')
    return _zip({
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            b'</Types>'),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" '
            b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" '
            b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            b'Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": sheet.encode(),
    })


def _two_sheets(hidden: bytes, visible: bytes) -> bytes:
    """Two one-sheet workbooks made one: the first sheet hidden ("Old copy"), the second visible ("Courses")."""
    with zipfile.ZipFile(io.BytesIO(hidden)) as h, zipfile.ZipFile(io.BytesIO(visible)) as v:
        parts = {n: v.read(n) for n in v.namelist()}
        parts["xl/worksheets/sheet2.xml"] = parts.pop("xl/worksheets/sheet1.xml")
        parts["xl/worksheets/sheet1.xml"] = h.read("xl/worksheets/sheet1.xml")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/worksheets/sheet2.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'))
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b'<sheet name="Sheet1" sheetId="1" r:id="rId1"/>',
        b'<sheet name="Old copy" sheetId="1" state="hidden" r:id="rId1"/><sheet name="Courses" sheetId="2" r:id="rId2"/>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        b'Target="worksheets/sheet2.xml"/></Relationships>'))
    order = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
             "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"]
    return _zip({n: parts[n] for n in order})


def census_xml(children: str, *, reference: str | None = "2025-03-31", prolog: str = "",
               root: str = "Message") -> bytes:
    header = ("<Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year>"
              + (f"<ReferenceDate>{reference}</ReferenceDate>" if reference is not None else "")
              + "</CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>999</LEA></Source></Header>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<{root}>{header}<Children>{children}</Children>'
            f"</{root}>\n").encode()


def census_child(child_id: str = "C4001", referral: str = "2024-06-03", closure: str = "2024-09-30",
                 plan_start: str = "2024-07-01", plan_end: str = "2024-09-20") -> str:
    return (f"<Child><ChildIdentifiers><LAchildID>{child_id}</LAchildID><PersonBirthDate>2015-02-11</PersonBirthDate>"
            "<Sex>F</Sex></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>"
            f"<CINdetails><CINreferralDate>{referral}</CINreferralDate><ReferralSource>2A</ReferralSource>"
            f"<PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>{closure}</CINclosureDate>"
            "<ReasonForClosure>RC1</ReasonForClosure><ReferralNFA>false</ReferralNFA>"
            "<Assessments><AssessmentActualStartDate>2024-06-04</AssessmentActualStartDate>"
            "<AssessmentAuthorisationDate>2024-07-10</AssessmentAuthorisationDate>"
            "<FactorsIdentifiedAtAssessment><AssessmentFactors>3B</AssessmentFactors>"
            "</FactorsIdentifiedAtAssessment></Assessments>"
            f"<ChildProtectionPlans><CPPstartDate>{plan_start}</CPPstartDate><CPPendDate>{plan_end}</CPPendDate>"
            "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>"
            "<NumberOfPreviousCPP>0</NumberOfPreviousCPP></ChildProtectionPlans></CINdetails></Child>")


FLAT = {
    "children": (["LAchildID", "PersonBirthDate", "Sex"], [["C4001", "2015-02-11", "F"]]),
    "referrals": (["LAchildID", "CINreferralDate", "ReferralSource", "CINclosureDate", "ReferralNFA"],
                  [["C4001", "2024-06-03", "2A", "2024-09-30", "0"]]),
    "assessments": (["LAchildID", "CINreferralDate", "AssessmentActualStartDate", "AssessmentAuthorisationDate"],
                    [["C4001", "2024-06-03", "2024-06-04", "2024-07-10"]]),
    "section47": (["LAchildID", "CINreferralDate", "S47ActualStartDate", "DateOfInitialCPC"],
                  [["C4001", "2024-06-03", "2024-06-10", "2024-06-28"]]),
    "cp_plans": (["LAchildID", "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse"],
                 [["C4001", "2024-07-01", "2024-09-20", "NEG"]]),
    "cp_reviews": (["LAchildID", "CPPstartDate", "CPPreviewDate"], [["C4001", "2024-07-01", "2024-09-10"]]),
}

BILLION_LAUGHS = ('<!DOCTYPE Message [\n <!ENTITY lol "lol">\n'
                  + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                            for i in range(1, 10))
                  + "]>\n")
XXE = '<!DOCTYPE Message [\n <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
EXTERNAL_DTD = '<!DOCTYPE Message SYSTEM "http://127.0.0.1:9/cin-census.dtd">\n'

# OLE2 compound file signature (an .xls workbook or a password-protected .xlsx)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\n"
       b"endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def training_base(**override: bytes) -> dict[str, bytes]:
    files = {"training/courses.csv": csv_bytes(COURSE_HEADER, COURSE_ROWS),
             "training/attendance.csv": csv_bytes(ATTENDANCE_HEADER, ATTENDANCE_ROWS)}
    files.update(override)
    return {k: v for k, v in files.items() if v is not None}


def flat_cin(**override: tuple[list[str], list[list[str]]]) -> dict[str, bytes]:
    tables = {**FLAT, **override}
    return {f"cin/{name}.csv": csv_bytes(h, r) for name, (h, r) in tables.items()}


# ----------------------------------------------------------------------------- the cases

def cases() -> list[tuple[str, dict[str, bytes], list[dict]]]:
    """(case name, {path in the case folder: bytes}, [expectations])."""
    out = []

    def case(name: str, files: dict[str, bytes], *expect: dict) -> None:
        out.append((name, files, list(expect)))

    def exp(loader, outcome, file="", row="", column="", message="", target=""):
        return {"loader": loader, "target": target, "outcome": outcome, "file": file, "row": row,
                "column": column, "message": message}

    cd = "cdop/child_deaths.csv"
    # --- encodings ---------------------------------------------------------------------------
    cp1252_rows = replace(CDOP_ROWS, CDOP_HEADER, 3, "place_of_death", "St Mary’s Hospice – Eastmoor")
    case("cdop_cp1252_from_excel", {cd: csv_bytes(CDOP_HEADER, cp1252_rows, encoding="cp1252")},
         exp("cdop", "note", cd, message=r"read as cp1252"),
         exp("cdop", "clean"))
    case("cdop_utf16_unicode_text",
         {cd: "\ufeff".encode("utf-16-le") + "\n".join("\t".join(r) for r in [CDOP_HEADER, *CDOP_ROWS]).encode("utf-16-le")},
         exp("cdop", "error", cd, message=r"UTF-16.*CSV UTF-8"))
    case("read_table_undecodable", {"extract.csv": b"id,name\n1,Zo\x81e\n"},
         exp("read_table", "error", "extract.csv", message=r"cannot be decoded as UTF-8 or Windows-1252",
             target="extract.csv"))
    # --- layout --------------------------------------------------------------------------------
    titled = (b"Multi-agency training courses,,,,,,\r\nExtract run 01/04/2025 by the partnership business unit,,,,,,\r\n"
              + csv_bytes(COURSE_HEADER, replace(COURSE_ROWS, COURSE_HEADER, 4, "start_date", "31/02/2024")))
    case("training_header_on_row_3", training_base(**{"training/courses.csv": titled}),
         exp("training", "note", "training/courses.csv", message=r"header found on row 3"),
         # rows keep their spreadsheet numbers: the third course is on row 6 of the sheet
         exp("training", "rejection", "training/courses.csv", 6, "start_date", r"not a valid date"))
    no_dod = [[v for h, v in zip(CDOP_HEADER, r) if h != "date_of_death"] for r in CDOP_ROWS]
    case("cdop_missing_column", {cd: csv_bytes([h for h in CDOP_HEADER if h != "date_of_death"], no_dod)},
         exp("cdop", "error", cd, column="date_of_death", message=r"missing the required column 'date_of_death'"))
    case("yos_duplicated_column",
         {"yos/outcomes.csv": csv_bytes(YOS_HEADER + ["Outcome_Date"], [r + [r[6]] for r in YOS_ROWS])},
         exp("yos", "error", "yos/outcomes.csv", message=r"has the column 'outcome_date' twice \(columns 7 and 10\)"))
    case("training_empty_file", training_base(**{"training/attendance.csv": b""}),
         exp("training", "error", "training/attendance.csv", message=r"is empty \(0 bytes\)"))
    case("cdop_blank_lines_only", {cd: b"\r\n,,,\r\n  \r\n"},
         exp("cdop", "error", cd, message=r"has no header row and no data"))
    case("cdop_header_only", {cd: csv_bytes(CDOP_HEADER, [])},
         exp("cdop", "clean"))
    ragged = [list(r) for r in YOS_ROWS]
    ragged[1] = ragged[1][:8] + ["violence", " against the person"]  # an unquoted comma in offence_type
    case("yos_unquoted_comma", {"yos/outcomes.csv": csv_bytes(YOS_HEADER, ragged)},
         exp("yos", "rejection", "yos/outcomes.csv", 3, "", r"10 values but the header has 9 columns"))
    unclosed = csv_bytes(CDOP_HEADER, CDOP_ROWS).replace(b"public place", b'"public place')
    case("cdop_unclosed_quote", {cd: unclosed},
         exp("cdop", "error", cd, row=4, message=r"quote .* never closed"))
    case("read_table_huge_field", {"extract.csv": b'id,comment\n1,"' + b"x" * 200_000 + b'"\n'},
         exp("read_table", "error", "extract.csv", message=r"value longer than 131,072 characters",
             target="extract.csv"))
    # --- wrong file types ----------------------------------------------------------------------
    case("cdop_pdf_renamed_csv", {cd: PDF}, exp("cdop", "error", cd, message=r"is a PDF"))
    case("cdop_xls_workbook", {"cdop/child_deaths.xls": OLE},
         exp("cdop", "error", "cdop/child_deaths.xls", message=r"old Excel \.xls.*save it as \.xlsx or CSV"))
    case("training_xls_content_renamed_csv", training_base(**{"training/courses.csv": OLE}),
         exp("training", "error", "training/courses.csv", message=r"old Excel .xls"))
    case("training_zip_renamed_csv",
         training_base(**{"training/courses.csv": _zip({"courses.csv": csv_bytes(COURSE_HEADER, COURSE_ROWS)})}),
         exp("training", "error", "training/courses.csv", message=r"zip archive"))
    case("yos_xlsx_renamed_csv", {"yos/outcomes.csv": xlsx_bytes([YOS_HEADER, *YOS_ROWS])},
         exp("yos", "error", "yos/outcomes.csv", message=r"Excel workbook .* rename it \.xlsx"))
    files = training_base(**{"training/attendance.xlsx": csv_bytes(ATTENDANCE_HEADER, ATTENDANCE_ROWS)})
    del files["training/attendance.csv"]
    case("training_csv_renamed_xlsx", files,
         exp("training", "error", "training/attendance.xlsx", message=r"not an Excel workbook"))
    case("cdop_html_saved_as_csv",
         {cd: b"<html><body><table><tr><td>case_id</td></tr><tr><td>CD1001</td></tr></table></body></html>\n"},
         exp("cdop", "error", cd, message=r"web page \(HTML\)"))
    # --- numbers stored as "10.0", formula errors ----------------------------------------------
    as_float = [[r[0] + ".0", *r[1:]] for r in ATTENDANCE_ROWS]
    case("training_ids_saved_as_10_0", training_base(**{"training/attendance.csv": csv_bytes(ATTENDANCE_HEADER, as_float)}),
         exp("training", "clean"))
    numeric = [[float(r[0]), r[1], r[2], r[3], r[4], float(r[5]), int(r[6])] for r in COURSE_ROWS]
    files = training_base()
    del files["training/courses.csv"]
    files["training/courses.xlsx"] = xlsx_bytes([COURSE_HEADER, *numeric])
    case("training_xlsx_numeric_ids", files, exp("training", "clean"))
    both = training_base(**{"training/courses.xlsx": xlsx_bytes([COURSE_HEADER, *COURSE_ROWS])})
    case("training_csv_and_xlsx_both", both,
         exp("training", "error", "training/courses.xlsx", message=r"as well as courses\.csv: keep only one"))
    errors = replace(replace(replace(CDOP_ROWS, CDOP_HEADER, 2, "date_of_death", "#N/A"),
                             CDOP_HEADER, 3, "sex", "#REF!"), CDOP_HEADER, 4, "case_id", "#N/A")
    case("cdop_formula_errors_csv", {cd: csv_bytes(CDOP_HEADER, errors)},
         exp("cdop", "rejection", cd, 2, "date_of_death", r"not a valid date"),
         exp("cdop", "rejection", cd, 3, "sex", r"unknown code"),
         exp("cdop", "rejection", cd, 4, "case_id", r"missing required value"))
    xl = [CDOP_HEADER, *replace(CDOP_ROWS, CDOP_HEADER, 3, "date_of_death", "#N/A")]
    case("cdop_formula_errors_xlsx",
         {"cdop/child_deaths.xlsx": xlsx_bytes(xl, errors={(2, CDOP_HEADER.index("date_of_death"))})},
         exp("cdop", "rejection", "cdop/child_deaths.xlsx", 3, "date_of_death", r"not a valid date"))
    # --- dates -------------------------------------------------------------------------------------
    case("cdop_impossible_date", {cd: csv_bytes(CDOP_HEADER, replace(CDOP_ROWS, CDOP_HEADER, 3, "date_of_death",
                                                                      "31/02/2023"))},
         exp("cdop", "rejection", cd, 3, "date_of_death", r"not a valid date"))
    case("cdop_future_date", {cd: csv_bytes(CDOP_HEADER, replace(CDOP_ROWS, CDOP_HEADER, 4, "date_of_death",
                                                                  "2099-02-11"))},
         exp("cdop", "rejection", cd, 4, "date_of_death", r"after .*future"))
    case("yos_future_outcome_date",
         {"yos/outcomes.csv": csv_bytes(YOS_HEADER, replace(YOS_ROWS, YOS_HEADER, 4, "outcome_date", "2099-03-01"))},
         exp("yos", "rejection", "yos/outcomes.csv", 4, "outcome_date", r"after .*future"))
    case("cp_contacts_future_date",
         {"contacts.csv": csv_bytes(CONTACT_HEADER, replace(CONTACT_ROWS, CONTACT_HEADER, 3, "Date of Contact",
                                                             "20/11/2094"))},
         exp("cp", "rejection", "contacts.csv", 3, "DateOfContact", r"after .*future"))
    case("cdop_death_before_birth", {cd: csv_bytes(CDOP_HEADER, replace(CDOP_ROWS, CDOP_HEADER, 2, "date_of_death",
                                                                         "2009-06-10"))},
         exp("cdop", "rejection", cd, 2, "date_of_death", r"before the date of birth"))
    case("yos_remand_ends_before_start",
         {"yos/outcomes.csv": csv_bytes(YOS_HEADER, YOS_ROWS),
          "yos/remands.csv": csv_bytes(REMAND_HEADER, [["YP2002", "2023-09-01", "2023-10-15", "custody"],
                                                        ["YP2003", "2024-02-01", "2024-01-20", "bail_supervision"]])},
         exp("yos", "rejection", "yos/remands.csv", 3, "remand_end", r"before"))
    case("training_elearning_completed_before_enrolled",
         training_base(**{"training/elearning.csv": csv_bytes(ELEARNING_HEADER, [
             ["L7001", "Safeguarding basics", "schools", "2024-04-10", "2024-04-12"],
             ["L7002", "Safeguarding basics", "health", "2024-05-02", "02/04/2024"]])}),
         exp("training", "rejection", "training/elearning.csv", 3, "completed_date", r"before"))
    case("cp_flat_plan_ends_before_start",
         flat_cin(cp_plans=(FLAT["cp_plans"][0], [["C4001", "2024-07-01", "2024-06-20", "NEG"]])),
         exp("cp", "rejection", "cin/cp_plans.csv", 2, "CPPendDate", r"before"))
    # --- codes and identifiers -----------------------------------------------------------------
    case("cdop_unknown_category", {cd: csv_bytes(CDOP_HEADER, replace(CDOP_ROWS, CDOP_HEADER, 4, "category", "11"))},
         exp("cdop", "rejection", cd, 4, "category", r"unknown code \(expected one of"))
    case("cdop_category_not_a_whole_number",
         {cd: csv_bytes(CDOP_HEADER, replace(CDOP_ROWS, CDOP_HEADER, 2, "category", "2.5"))},
         exp("cdop", "rejection", cd, 2, "category", r"unknown code \(expected one of"))
    case("yos_unknown_outcome",
         {"yos/outcomes.csv": csv_bytes(YOS_HEADER, replace(YOS_ROWS, YOS_HEADER, 2, "outcome", "CAUTION PLUS 3"))},
         exp("yos", "rejection", "yos/outcomes.csv", 2, "outcome", r"unknown code"))
    case("training_unknown_sector",
         training_base(**{"training/attendance.csv": csv_bytes(
             ATTENDANCE_HEADER, replace(ATTENDANCE_ROWS, ATTENDANCE_HEADER, 5, "sector", "social work (adults)"))}),
         exp("training", "rejection", "training/attendance.csv", 5, "sector", r"unknown code"))
    case("training_places_not_a_number",
         training_base(**{"training/courses.csv": csv_bytes(
             COURSE_HEADER, replace(COURSE_ROWS, COURSE_HEADER, 3, "places", "forty"))}),
         exp("training", "rejection", "training/courses.csv", 3, "places", r"number"))
    case("cdop_duplicate_case_id", {cd: csv_bytes(CDOP_HEADER, CDOP_ROWS + [[" CD1002", *CDOP_ROWS[1][1:]]])},
         exp("cdop", "rejection", cd, 5, "", r"duplicate of an earlier row"))
    case("training_duplicate_course_id",
         training_base(**{"training/courses.csv": csv_bytes(COURSE_HEADER, COURSE_ROWS + [
             ["11", "Domestic abuse (repeat)", "domestic abuse", "webinar", "2024-07-20", "0.5", "40"]])}),
         exp("training", "rejection", "training/courses.csv", 5, "course_id", r"duplicate of an earlier row"))
    # --- populations -------------------------------------------------------------------------------
    case("population_for_another_area",
         {"contacts.csv": csv_bytes(CONTACT_HEADER, CONTACT_ROWS), "population.csv": population_bytes("Otherton")},
         exp("cp", "note", "population.csv", message=r"Population For Another Area"))
    bad_age = population_bytes("Exampleshire").replace(b"Exampleshire,2024,7,F,", b"Exampleshire,2024,seven,F,")
    case("population_age_not_a_number", {"population.csv": bad_age},
         exp("population", "error", "population.csv", 52, "age", r"expected a whole number$"))
    dup = population_bytes("Exampleshire") + b"Exampleshire,2024,17,M,1222\n"
    case("population_repeated_row", {"population.csv": dup},
         exp("population", "error", "population.csv", 74, "area", r"repeats an earlier row"))
    # --- CIN census XML ---------------------------------------------------------------------------
    cx = "cin_census/cin_2024-25.xml"
    case("cin_reference_date_in_future",
         {"cin_census/cin_2031-32.xml": census_xml(census_child(), reference="2032-03-31")},
         exp("cp", "error", "cin_census/cin_2031-32.xml", message=r"reference ?date.*2032-03-31"))
    case("cin_dates_after_reference_date",
         {cx: census_xml(census_child() + census_child("C4002", referral="2025-06-03", closure="", plan_start="",
                                                       plan_end=""))},
         exp("cp", "rejection", f"{cx} [CINdetails]", 2, "CINreferralDate", r"after 31/03/2025"))
    case("cin_malformed_truncated", {cx: census_xml(census_child())[:-120]},
         exp("cp", "error", cx, row=2, message=r"not well-formed XML"))
    case("cin_billion_laughs", {cx: census_xml(census_child("&lol9;"), prolog=BILLION_LAUGHS)},
         exp("cp", "error", cx, message=r"refused"))
    case("cin_external_entity_etc_passwd", {cx: census_xml(census_child("&xxe;"), prolog=XXE)},
         exp("cp", "error", cx, message=r"refused"))
    case("cin_external_dtd", {cx: census_xml(census_child(), prolog=EXTERNAL_DTD)},
         exp("cp", "error", cx, message=r"refused"))
    case("cin_wrong_root_element", {cx: census_xml(census_child(), root="html")},
         exp("cp", "error", cx, message=r"root element is <html>, expected <Message>"))
    case("cin_no_census_year", {"cin_census/return.xml": census_xml(census_child(), reference=None)},
         exp("cp", "error", "cin_census/return.xml", message=r"does not say which census year"))
    case("cin_unknown_encoding",
         {cx: census_xml(census_child()).replace(b'encoding="UTF-8"', b'encoding="EBCDIC-UK-2"', 1)},
         exp("cp", "error", cx, message=r"encoding"))
    case("cin_corrupt_gzip", {"cin_census/cin_2024-25.xml.gz": gzip.compress(census_xml(census_child()), mtime=0)[:60]},
         exp("cp", "error", "cin_census/cin_2024-25.xml.gz", message=r"cannot be read|not well-formed"))
    # --- hostile values, bounds and out-of-range numbers (issue 16) --------------------------------
    case("yos_line_of_commas",
         {"yos/outcomes.csv": csv_bytes(YOS_HEADER, YOS_ROWS) + b"," * 20_000 + b"\r\n"},
         exp("yos", "error", "yos/outcomes.csv", 5, message=r"20,001 values, more than the limit of 1,024"))
    case("cdop_identifier_in_sex_column",
         {cd: csv_bytes(CDOP_HEADER, replace(CDOP_ROWS, CDOP_HEADER, 3, "sex", "CD1002-77731"))},
         exp("cdop", "rejection", cd, 3, "sex", r"unknown code"))
    case("training_name_in_sector_column",
         training_base(**{"training/attendance.csv": csv_bytes(
             ATTENDANCE_HEADER, replace(ATTENDANCE_ROWS, ATTENDANCE_HEADER, 4, "sector", "Jane Smith"))}),
         exp("training", "rejection", "training/attendance.csv", 4, "sector", r"unknown code"))
    case("cdop_formula_in_category",
         {cd: csv_bytes(CDOP_HEADER, replace(CDOP_ROWS, CDOP_HEADER, 2, "category", "=cmd|' /C calc'!A0"))},
         exp("cdop", "rejection", cd, 2, "category", r"unknown code"))
    case("yos_formula_in_outcome",
         {"yos/outcomes.csv": csv_bytes(YOS_HEADER, replace(YOS_ROWS, YOS_HEADER, 3, "outcome", "@SUM(1+9)*cmd|' /C calc'!A0"))},
         exp("yos", "rejection", "yos/outcomes.csv", 3, "outcome", r"unknown code"))
    case("training_course_dated_1900",
         training_base(**{"training/courses.csv": csv_bytes(
             COURSE_HEADER, replace(COURSE_ROWS, COURSE_HEADER, 2, "start_date", "1900-01-01"))}),
         exp("training", "rejection", "training/courses.csv", 2, "start_date", r"before 01/04/1900"))
    case("training_xlsx_hidden_first_sheet",
         training_base(**{"training/courses.csv": None, "training/courses.xlsx": xlsx_bytes(
             [COURSE_HEADER, *COURSE_ROWS],
             hidden_before=[COURSE_HEADER, ["99", "Old course", "neglect", "carrier pigeon", "31/02/2019", "x", "y"]])}),
         exp("training", "note", "training/courses.xlsx", message=r"hidden worksheet\(s\) 1 not read"),
         exp("training", "clean"))
    overflow = population_bytes("Exampleshire").replace(b"Exampleshire,2024,7,F,1149",
                                                        b"Exampleshire,2024,7,F,123456789012345678901234567890")
    case("population_30_digit_overflow", {"population.csv": overflow},
         exp("population", "error", "population.csv", 52, "population", r"out of range"))
    zero = csv_bytes(POP_HEADER, [["Exampleshire", "2024", str(a), s, "0"] for a in range(18) for s in ("F", "M")],
                     newline="\n")
    case("population_zero_everywhere", {"population.csv": zero},
         exp("population", "error", "population.csv", 2, "population", r"out of range.*from 1"))
    case("population_negative", {"population.csv": population_bytes("Exampleshire").replace(
        b"Exampleshire,2023,3,M,1124", b"Exampleshire,2023,3,M,-1124")},
         exp("population", "error", "population.csv", 9, "population", r"out of range"))
    case("cin_root_in_another_namespace",
         {cx: census_xml(census_child(), root='Message xmlns="urn:example:not-the-census"').replace(
             b"</Message xmlns=\"urn:example:not-the-census\">", b"</Message>")},
         exp("cp", "error", cx, message=r"namespace"))
    case("xlsx_with_entity_expansion",
         {"training/courses.xlsx": xlsx_bytes([COURSE_HEADER, *COURSE_ROWS],
                                              sheet_prefix=BILLION_LAUGHS.replace("Message", "worksheet"))},
         exp("read_table", "error", "courses.xlsx", message=r"cannot be read as an Excel workbook",
             target="training/courses.xlsx"))
    return out


def write(root: Path = HERE) -> list[dict]:
    rows = []
    for name, files, expects in cases():
        d = root / name
        if d.exists():
            shutil.rmtree(d)
        for rel, data in files.items():
            p = d / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
        for e in expects:
            rows.append({"case": name, **e})
    buf = io.StringIO()
    w = csv.DictWriter(buf, FIELDS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    (root / "expected.csv").write_bytes(buf.getvalue().encode())
    return rows


if __name__ == "__main__":
    rows = write()
    print(f"{len({r['case'] for r in rows})} cases, {len(rows)} expectations written to {HERE}")
