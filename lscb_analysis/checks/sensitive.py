"""The values ``lscb check-outputs`` looks for: every child or person identifier, date of birth,
name and free-text comment in an area's raw inputs, read from every format the loaders read.

* **Tables**: CSV (UTF-8 or Windows-1252) and every sheet of an XLSX workbook. The header is the
  first of the first ten rows that holds a known column name (so the Annex A template's title rows
  are skipped); values are taken by column name, case-insensitively.
* **A table saved without its header** (no known column name, and a first row that holds a date):
  every date in it counts as a possible date of birth and every token of letters and digits as a
  possible identifier, since nothing says which column is which and a loader's error could echo
  any of them.
* **XML**: CIN census returns, plain or gzipped (``.xml.gz``), by element name.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["ID_COLUMNS", "DOB_COLUMNS", "TEXT_COLUMNS", "sensitive_values", "grids"]

ID_COLUMNS = {"lachildid", "child unique id", "child_id", "child", "case_id", "young_person_id", "delegate_id",
              "learner_id", "upn", "nhs_number", "person_id", "unique pupil number", "former upn", "uasc"}
DOB_COLUMNS = {"personbirthdate", "date_of_birth", "dob", "expectedpersonbirthdate", "date of birth"}
TEXT_COLUMNS = {"comment", "comments", "name", "first_name", "surname", "forename", "full_name",
                "allocated worker", "social worker", "allocated team manager", "worker name", "child name"}
KNOWN = ID_COLUMNS | DOB_COLUMNS | TEXT_COLUMNS
MIN_ID_LENGTH = 4
MIN_TEXT_LENGTH = 12
HEADER_ROWS = 10
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_MIXED = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9_.-]{5,}$")


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = _ISO.match(text)
    parts = (m.group(1), m.group(2), m.group(3)) if m else None
    if parts is None and (m := _DMY.match(text)):
        parts = (m.group(3), m.group(2), m.group(1))
    if parts is None:
        return None
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def _dob_forms(value) -> set[str]:
    d = _date(value)
    if d is None and re.fullmatch(r"\d{5}(\.0+)?", str(value).strip()):  # an Excel serial date
        n = int(float(str(value)))
        d = dt.date(1899, 12, 30) + dt.timedelta(days=n) if 1 <= n <= 80000 else None
    return set() if d is None else {d.strftime("%Y-%m-%d"), d.strftime("%d/%m/%Y")}


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return []
    return list(csv.reader(io.StringIO(text)))


def _xlsx_sheets(path: Path) -> Iterator[list[list]]:
    from lscb_analysis.inputs import xlsx

    wb = xlsx.load_workbook(path, path.name)
    try:
        for ws in wb.worksheets:
            yield [list(row) for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def grids(path: Path) -> Iterator[list[list]]:
    """The tables in a CSV or XLSX file (one per sheet), as rows of cells; nothing for other files or
    for a file that cannot be read (the loader reports that)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            yield _csv_rows(path)
        elif suffix in (".xlsx", ".xlsm"):
            yield from _xlsx_sheets(path)
    except Exception:  # noqa: BLE001 - unreadable here is the loader's to report
        return


def _cell(value) -> str:
    return "" if value is None else str(value).strip()


def _from_grid(rows: list[list], ids: set, dobs: set, texts: set) -> None:
    head = next((i for i, row in enumerate(rows[:HEADER_ROWS])
                 if any(_cell(c).lower() in KNOWN for c in row)), None)
    if head is None:
        first = rows[0] if rows else []
        if any(_date(c) is not None for c in first if c is not None):  # saved without its header
            for row in rows:
                for c in row:
                    if c is None:
                        continue
                    dobs.update(_dob_forms(c))
                    text = _cell(c)
                    if _MIXED.match(text) and _date(text) is None:
                        ids.add(text)
        return
    names = [_cell(c).lower() for c in rows[head]]
    for row in rows[head + 1:]:
        for key, value in zip(names, row):
            v = _cell(value)
            if not v:
                continue
            if key in ID_COLUMNS:
                v = v[:-2] if v.endswith(".0") and v[:-2].isdigit() else v
                if len(v) >= MIN_ID_LENGTH:
                    ids.add(v)
            elif key in DOB_COLUMNS:
                dobs.update(_dob_forms(value))
            elif key in TEXT_COLUMNS and len(v) >= MIN_TEXT_LENGTH:
                texts.add(v)
    # a header repeated as a data row, or a header whose cells are values: both are searched as written
    for c in rows[head]:
        dobs.update(_dob_forms(c))


def _from_xml(path: Path, ids: set, dobs: set) -> None:
    from lscb_analysis.inputs.cin_xml import xml_events  # the loader's safe parser: C where no DTD

    opener = gzip.open if path.name.lower().endswith(".gz") else open
    born: set[str] = set()  # each distinct date written once, however many returns repeat it
    try:
        for _, elem in xml_events(path, opener, ("end",)):
            tag = elem.tag.rsplit("}", 1)[-1].lower()
            text = (elem.text or "").strip()
            if tag in ID_COLUMNS and len(text) >= MIN_ID_LENGTH:
                ids.add(text)
            elif tag in DOB_COLUMNS and text:
                born.add(text)
            elem.clear()
    except Exception:  # noqa: BLE001 - a malformed file is the loader's to report; keep what was read
        pass
    for text in born:
        dobs.update(_dob_forms(text))


def sensitive_values(raw_dirs: Iterable[Path | str]) -> dict[str, set[str]]:
    """Identifiers, dates of birth and comments/names found in the raw files under ``raw_dirs``
    (``.csv``, ``.xlsx``, ``.xml``, ``.xml.gz``; symlinks followed, as a loader would)."""
    ids: set[str] = set()
    dobs: set[str] = set()
    texts: set[str] = set()
    for d in raw_dirs:
        for path in sorted(Path(d).rglob("*")):
            if not path.is_file():
                continue
            name = path.name.lower()
            if name.endswith((".xml", ".xml.gz")):
                _from_xml(path, ids, dobs)
            else:
                for rows in grids(path):
                    _from_grid(rows, ids, dobs, texts)
    return {"identifier": ids, "date of birth": dobs, "comment or name": texts}
