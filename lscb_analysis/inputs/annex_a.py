"""Reading Ofsted's Annex A workbook as councils hold it (lists 1-9 into tidy tables).

The workbook (``data/raw/<area>/annex_a/*.xlsx``) has a worksheet per list. Sheets are found by their list
name ("List 3", "List 3 - Referrals", "list3": a number after "List"), or, when no sheet is so named, by
order (the first sheet is List 1). In each sheet the header row is the first row (of the first ten) holding
the child's identifier header; headers are matched to the template's (:mod:`annex_a_spec`) ignoring case
and spacing. Labelled values are read by their code: ``q) 6: Police`` is referral source ``6``, ``a) 1A:
Individual`` is ``1A``, ``b) Female`` is ``F``, ``a) Yes`` is yes.

Every row read is used or rejected (file ``annex_a/x.xlsx [List 3]``, its spreadsheet row, the column, the
reason): no identifier, a missing or impossible date, a date after the workbook's limit (by default today), an
unknown code, a repeat of a row on the list's keys. Columns naming staff or places (allocated worker and team,
placement postcode, URN and local authority) are dropped on load and never stored. Identifiers are
pseudonymised when a pseudonymiser is given.

:func:`combine` states the precedence where an area has both the CIN census and Annex A: the census for the
dates its returns cover (up to the last census reference date), Annex A for later dates; an Annex A row
whose date the census covers is logged as superseded by it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.inputs import annex_a_spec as spec
from lscb_analysis.inputs import cin_spec
from lscb_analysis.inputs.clean import InputError, Rejections, check_dates, date_text, require_file

__all__ = ["read_workbook", "workbooks", "list_numbers", "decode_label", "decode_labels", "per_distinct", "combine", "SUPERSEDED", "header_key"]

SUPERSEDED = "superseded: the CIN census covers this date, and is used"
_LIST_NAME = re.compile(r"list\s*0*(\d{1,2})(?!\d)", re.I)
_PREFIX = re.compile(r"^\s*[a-z]{1,2}\)\s*", re.I)
_CODE = re.compile(r"^([0-9]{1,2}[A-Za-z]?|[A-Za-z]{1,4}[0-9]{0,2})\s*:\s*")


def header_key(text: str) -> str:
    """A header as compared: case and all spacing ignored."""
    return re.sub(r"\s+", "", str(text)).casefold()


def decode_label(value: str) -> str:
    """The code in a template label: ``"q) 6: Police"`` -> ``"6"``, ``"a) 1A: Individual"`` -> ``"1A"``;
    a label without a code loses only its letter (``"b) Female"`` -> ``"Female"``)."""
    text = _PREFIX.sub("", str(value)).strip()
    m = _CODE.match(text)
    return m.group(1).upper() if m else text


def per_distinct(values: pd.Series, f: Callable[[str], str]) -> pd.Series:
    """``values.map(f)`` with ``f`` worked out once per distinct value (labels and codes repeat down a column)."""
    distinct = values.unique()
    return values.map(dict(zip(distinct, map(f, distinct))))


def decode_labels(values: pd.Series) -> pd.Series:
    """:func:`decode_label` of each value of a text column."""
    return per_distinct(values, decode_label)


def workbooks(directory: Path | str) -> list[Path]:
    """The Annex A workbooks (``*.xlsx``, any case, not Excel's ``~$`` lock files) in ``directory``."""
    d = Path(directory)
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.is_file() and p.suffix.lower() == ".xlsx" and not p.name.startswith("~$"))


def _sheets(wb) -> dict[int, object]:
    """List number -> worksheet: by name where any sheet is named "List n", else by order."""
    named = {}
    for ws in wb.worksheets:
        m = _LIST_NAME.search(ws.title)
        if m and 1 <= int(m.group(1)) <= 11 and int(m.group(1)) not in named:
            named[int(m.group(1))] = ws
    if named:
        return named
    return {i + 1: ws for i, ws in enumerate(wb.worksheets[:11])}


def list_numbers(path: Path | str) -> set[int]:
    """The lists (1-11) an Annex A workbook has a sheet for (by name, else by order; see :func:`read_workbook`),
    without reading their rows; none for a file that cannot be opened as a workbook."""
    from lscb_analysis.inputs import xlsx

    try:
        wb = xlsx.load_workbook(path, Path(path).name)
    except Exception:  # the reader itself says why, when the section loads it
        return set()
    try:
        return set(_sheets(wb))
    finally:
        wb.close()


def _cell_text(value) -> str:
    """A cell (as :mod:`xlsx` gives it) as text: trimmed; a date as YYYY-MM-DD; a whole number without ".0"."""
    if type(value) is str:  # most cells
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _grid(ws) -> list[list[str]]:
    rows = []
    for row in ws.iter_rows(values_only=True):
        cells = [_cell_text(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _allowed(item: str) -> frozenset[str] | None:
    """The codes of a coded item in any collection year (a code of another year is checked by the census)."""
    if item == "CategoryOfAbuse":
        return spec.CATEGORY_CODES
    if item == "Sex":
        return frozenset({"M", "F", "U"})
    codes: set[str] = set()
    for year in range(cin_spec.FIRST, cin_spec.LAST + 1):
        codes |= cin_spec.codes(year).get(item, frozenset())
    return frozenset(codes) or None


def _read_list(grid: list[list[str]], number: int, label: str, rej: Rejections,
               not_after, pseudonymise: Callable | None) -> pd.DataFrame:
    table, columns, keys, _ = spec.LISTS[number]
    wanted = {header_key(h): (col, kind) for h, col, kind in columns}
    id_key = header_key(columns[0][0])
    at = next((i for i, r in enumerate(grid[:10]) if id_key in {header_key(c) for c in r}), None)
    out_cols = [col for _, col, kind in columns if kind != "drop"]
    if at is None:
        raise InputError(f"has no '{columns[0][0]}' header in its first ten rows: is it the template's {table} "
                         "list?", file=label)
    header = [header_key(c) for c in grid[at]]
    unknown = [grid[at][i] for i, h in enumerate(header) if h and h not in wanted]
    if unknown:
        rej.note(label, f"{len(unknown)} column(s) not in the template ignored")
    body = grid[at + 1:]
    n = len(body)
    rej.record_read(label, n)
    data = {}
    for i, h in enumerate(header):
        if h in wanted and wanted[h][1] != "drop" and wanted[h][0] not in data:  # staff and places never kept
            data[wanted[h][0]] = [r[i] if i < len(r) else "" for r in body]
    raw = pd.DataFrame({c: data.get(c, [""] * n) for c in out_cols}, dtype=object)
    raw["_row"] = np.arange(at + 2, at + 2 + n)
    out = pd.DataFrame({"_row": raw["_row"]})
    bad = np.zeros(n, dtype=bool)

    def log(col: str, mask, reason: str) -> None:
        mask = np.asarray(mask, dtype=bool)
        for r, v in zip(raw["_row"][mask].tolist(), raw[col][mask].tolist()):
            rej.add(label, r, col, v, reason)
        bad[mask] = True

    date_required = spec.REQUIRED_DATE.get(number)
    for _, col, kind in columns:
        if kind == "drop" or col in out.columns:
            continue
        text = raw[col].astype(str).str.strip()
        if kind == "id":
            log(col, text.eq("").to_numpy(), "missing required value")
            out[col] = pseudonymise(text) if pseudonymise else text
        elif kind == "date":
            parsed, blank = date_text(text)
            out[col] = check_dates(parsed, blank, lambda m, reason, c=col: log(c, m, reason),
                                   required=col == date_required, not_after=not_after)
        elif kind.startswith("code:"):
            item = kind.split(":", 1)[1]
            labels = spec.LABELS.get(item, {})
            decoded = per_distinct(decode_labels(text), lambda v, labels=labels: labels.get(v.casefold(), v.upper()))
            allowed = _allowed(item)
            if allowed is not None:
                log(col, (decoded.ne("") & ~decoded.isin(allowed)).to_numpy(),
                    "unknown code (expected a code of the CIN census, or the template's label for one)")
            out[col] = decoded
        elif kind == "flag":
            decoded = decode_labels(text).str.casefold()
            log(col, (decoded.ne("") & ~decoded.isin(spec.YES | spec.NO)).to_numpy(),
                "not a yes/no value (expected the template's a) Yes / b) No, Y/N or 1/0)")
            out[col] = decoded.isin(spec.YES)
        elif kind == "count":
            bad_count = text.ne("") & ~text.str.fullmatch(r"\d{1,4}")
            log(col, bad_count.to_numpy(), "not a whole number")
            out[col] = pd.to_numeric(text.where(~bad_count & text.ne("")), errors="coerce").astype("float64")
        else:
            out[col] = decode_labels(text) if col in ("LS", "PLACE", "PLACE_PROVIDER", "CIN", "REC") else text
    ok = np.flatnonzero(~bad)
    if len(ok):
        key_cols = [c for c in keys if c in out.columns]
        dup = out.iloc[ok].duplicated(subset=key_cols, keep="first").to_numpy()
        if dup.any():
            at_rows = ok[dup]
            mask = np.zeros(n, dtype=bool)
            mask[at_rows] = True
            for r in raw["_row"][mask].tolist():
                rej.add(label, r, "+".join(key_cols), "", f"duplicate of an earlier row on {', '.join(key_cols)}")
            bad |= mask
    out["_file"] = label
    kept = out[~bad].reset_index(drop=True)
    rej.record_used(label, len(kept))
    return kept


def read_workbook(path: Path | str, rej: Rejections, *, label: str | None = None, not_after="today",
                  pseudonymise: Callable[[pd.Series], pd.Series] | None = None,
                  skip_lists: tuple[int, ...] = (), lists: tuple[int, ...] | None = None) -> dict[str, pd.DataFrame]:
    """Read lists 1-9 of one Annex A workbook into tidy tables (:data:`annex_a_spec.LISTS` names them:
    contacts, early_help, referrals, assessments, section47, children_in_need, cp_plans, looked_after,
    care_leavers). Rejections and per-list counts go to ``rej`` under ``<label> [List n]``. A list the
    workbook does not have is absent from the result (and noted). ``lists``: read only these lists (a section
    that needs one list, e.g. early help's list 2); the others are neither read nor noted. Raises
    :class:`InputError` for a file that is not a readable workbook, or a list sheet without the template's
    identifier header."""
    from lscb_analysis.inputs import xlsx

    path = Path(path)
    label = label or path.name
    require_file(path, label)
    wb = xlsx.load_workbook(path, label)  # the zip's sizes checked first; an InputError if unreadable
    try:
        sheets = _sheets(wb)
        out: dict[str, pd.DataFrame] = {}
        for number in sorted(sheets):
            if lists is not None and number not in lists:
                continue
            if number in skip_lists:
                rej.note(f"{label} [List {number}]", f"list {number} not read: the same list is given in its own file")
                continue
            if number in spec.NOT_READ:
                rej.note(f"{label} [List {number}]", f"list {number} ({spec.NOT_READ[number]}) is not used")
                continue
            grid = _grid(sheets[number])
            if not grid:
                continue
            table = spec.LISTS[number][0]
            out[table] = _read_list(grid, number, f"{label} [List {number}]", rej, not_after, pseudonymise)
        missing = [n for n in spec.LISTS if n not in sheets and (lists is None or n in lists)]
        if missing:
            rej.note(label, f"no sheet for list(s) {', '.join(map(str, missing))}")
        return out
    finally:
        wb.close()


# tables the CIN census also holds: Annex A table -> (census table, the date that files a row)
_CENSUS_TWINS = {"referrals": ("referrals", "CINreferralDate"), "assessments": ("assessments", "AssessmentActualStartDate"),
                 "section47": ("section47", "S47ActualStartDate"), "cp_plans": ("cp_plans", "CPPstartDate")}


def combine(census: dict[str, pd.DataFrame], annex: dict[str, pd.DataFrame], census_end: pd.Timestamp | None,
            rej: Rejections) -> dict[str, pd.DataFrame]:
    """The census tables with Annex A's later rows added: precedence where an area has both.

    For referrals, assessments, section 47 enquiries and plans, the census is used for dates up to
    ``census_end`` (the last census return's 31 March) and Annex A for later dates; each Annex A row on or
    before ``census_end`` is logged as superseded (so rows read = used + rejected still holds for its list).
    With no census (``census_end`` None) Annex A is used whole. Annex A rows take the census table's columns
    (those Annex A does not have are blank). Other tables are returned as they are."""
    out = dict(census)
    for table, (twin, date_col) in _CENSUS_TWINS.items():
        rows = annex.get(table)
        if rows is None or not len(rows):
            continue
        if census_end is not None:
            old = rows[date_col].notna() & (rows[date_col] <= census_end)
            for f, r in zip(rows.loc[old, "_file"], rows.loc[old, "_row"]):
                rej.add(f, r, date_col, "", SUPERSEDED)
                rej.used[f] = rej.used.get(f, 0) - 1
            rows = rows[~old]
        base = census.get(twin)
        if base is None or not len(rows):
            continue
        extra = pd.DataFrame({c: rows[c] if c in rows.columns else pd.Series(
            pd.NaT if pd.api.types.is_datetime64_any_dtype(base[c]) else np.nan, index=rows.index)
            for c in base.columns})
        if "_census" in base.columns:
            extra["_census"] = pd.NaT
        out[twin] = pd.concat([base, extra.astype(base.dtypes.to_dict(), errors="ignore")], ignore_index=True)
    return out
