"""Reading and cleaning raw extracts, with every rejected row logged.

The pattern every loader follows (after liia-tools' structured error logs):

1. :func:`read_table` reads a CSV (UTF-8 with or without BOM, else cp1252) or XLSX,
   trims and case-folds column names, keeps the spreadsheet row number of every
   row in a ``_row`` column (the header is row 1, the first data row is row 2) and
   records the rows read in the :class:`Rejections` log.
2. :func:`require_columns` raises :class:`InputError` naming the file and column.
3. :func:`parse_dates`, :func:`normalise_codes` / :func:`reject_unknown`,
   :func:`dedupe` log what they cannot use, with file, row, column, value and reason.
4. :meth:`Rejections.apply` removes the rejected rows and records rows used, so that
   for every file rows read = rows used + rows rejected.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.core.errors import SafeMessage
from lscb_analysis.inputs import limits

__all__ = [
    "InputError",
    "Rejections",
    "read_table",
    "find_file",
    "require_columns",
    "parse_dates",
    "normalise_codes",
    "reject_unknown",
    "reject_missing",
    "dedupe",
    "pseudonymise",
    "pseudonym_key",
]

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
# Excel serial numbers between 1 January 1900 and 31 December 2099
_SERIAL_MIN, _SERIAL_MAX = 1, 73050
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_SERIAL = re.compile(r"^\d{1,5}(?:\.0+)?$")
_NULLS = {"", "nan", "nat", "none", "null", "n/a", "na"}


class InputError(SafeMessage, ValueError):
    """Bad input that stops a file being read at all. The message names the file (and row and
    column where there is one) and says what was expected, never a value from the file: a
    :class:`~lscb_analysis.core.errors.SafeMessage`, so failure reports show it."""

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None) -> None:
        where = ", ".join(
            part for part in (
                f"file {file}" if file else "",
                f"row {row}" if row is not None else "",
                f"column {column}" if column else "",
            ) if part
        )
        super().__init__(f"{where}: {message}" if where else message)
        self.file, self.row, self.column = file, row, column


@dataclass
class Rejections:
    """The log of rejected rows and the per-file row counts.

    Each rejection has ``file``, ``row`` (spreadsheet row number, header = 1), ``column``,
    ``value`` and ``reason``. A row may be rejected for several reasons; it counts once.
    """

    records: list[dict] = field(default_factory=list)
    read: dict[str, int] = field(default_factory=dict)
    used: dict[str, int] = field(default_factory=dict)
    notes: list[dict] = field(default_factory=list)

    COLUMNS = ["file", "row", "column", "value", "reason"]

    def record_read(self, file: str, n: int) -> None:
        self.read[file] = self.read.get(file, 0) + int(n)

    def record_used(self, file: str, n: int) -> None:
        self.used[file] = self.used.get(file, 0) + int(n)

    def add(self, file: str, row, column: str, value, reason: str) -> None:
        self.records.append({"file": file, "row": None if row is None else int(row), "column": column,
                             "value": "" if value is None else str(value), "reason": reason})

    def add_rows(self, df: pd.DataFrame, mask: pd.Series, file: str, column: str, reason: str,
                 values: pd.Series | None = None) -> None:
        """Log every row of ``df`` where ``mask`` is True (vectorised)."""
        if not mask.any():
            return
        sub = df.loc[mask]
        vals = (values.loc[mask] if values is not None else
                (sub[column] if column in sub.columns else pd.Series([""] * len(sub), index=sub.index)))
        rows = sub["_row"] if "_row" in sub.columns else pd.Series([None] * len(sub), index=sub.index)
        self.records.extend(
            {"file": file, "row": None if pd.isna(r) else int(r), "column": column,
             "value": "" if (v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA) else str(v),
             "reason": reason}
            for r, v in zip(rows.tolist(), vals.tolist())
        )

    def withdraw(self, df: pd.DataFrame, mask: pd.Series, file: str, column: str, reason: str) -> None:
        """Reject rows of ``df`` (``mask``) that were already counted as used, e.g. by a check across two tables
        made after both were read: logged as :meth:`add_rows` (no value shown) and taken off the rows used."""
        mask = mask & ~df["_row"].isin(self.rejected_rows(file))
        self.add_rows(df, mask, file, column, reason, values=pd.Series("", index=df.index))
        self.used[file] = self.used.get(file, 0) - int(mask.sum())

    def note(self, file: str, message: str) -> None:
        """A remark about a file that rejects no row (e.g. extra columns ignored, encoding used)."""
        self.notes.append({"file": file, "note": message})

    def _index(self) -> tuple[dict[str, set[int]], dict[str, int]]:
        """Rejected rows per file and rejections without a row per file, kept up to date as records are
        added (so that asking about a file does not rescan the whole log)."""
        recs = self.records
        state = self.__dict__.get("_row_index")
        if state is None or state[0] is not recs or state[1] > len(recs):
            state = [recs, 0, {}, {}]
            self.__dict__["_row_index"] = state
        if state[1] < len(recs):
            rows, no_row = state[2], state[3]
            for r in recs[state[1]:]:
                if r["row"] is None:
                    no_row[r["file"]] = no_row.get(r["file"], 0) + 1
                else:
                    rows.setdefault(r["file"], set()).add(r["row"])
            state[1] = len(recs)
        return state[2], state[3]

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_row_index", None)  # rebuilt on demand
        return state

    def rejected_rows(self, file: str) -> set[int]:
        return set(self._index()[0].get(file, ()))

    def apply(self, df: pd.DataFrame, file: str) -> pd.DataFrame:
        """Drop the rows of ``df`` that have been rejected for ``file`` and record the rows used."""
        bad = self.rejected_rows(file)
        kept = df[~df["_row"].isin(bad)] if bad else df
        self.record_used(file, len(kept))
        return kept

    def extend(self, other: Rejections) -> None:
        self.records.extend(other.records)
        self.notes.extend(other.notes)
        for f, n in other.read.items():
            self.record_read(f, n)
        for f, n in other.used.items():
            self.record_used(f, n)

    def to_frame(self) -> pd.DataFrame:
        """The log, one row per (row, column, reason), sorted by file and row. A value is shown only when it
        has the shape its column expects (:func:`shown_values`); anything else reads ``[withheld]``."""
        df = pd.DataFrame(self.records, columns=self.COLUMNS)
        if len(df):
            df["value"] = shown_values(df)
            df = df.sort_values(["file", "row", "column", "reason"], kind="stable", na_position="first")
        return df.reset_index(drop=True)

    def by_reason(self) -> pd.DataFrame:
        """Rows rejected per file and reason (a row counts once per reason)."""
        df = self.to_frame()
        if not len(df):
            return pd.DataFrame(columns=["file", "reason", "rows"])
        return (df.drop_duplicates(["file", "row", "reason"]).groupby(["file", "reason"], sort=True)
                .size().rename("rows").reset_index())

    def summary(self) -> pd.DataFrame:
        """Per file: rows read, used, rejected, and whether read = used + rejected."""
        rows, no_row = self._index()
        files = sorted(set(self.read) | set(self.used) | set(rows) | set(no_row))
        out = []
        for f in files:
            rejected = len(rows.get(f, ())) + no_row.get(f, 0)
            read, used = self.read.get(f, 0), self.used.get(f, 0)
            out.append({"file": f, "rows_read": read, "rows_used": used, "rows_rejected": rejected,
                        "reconciles": read == used + rejected})
        return pd.DataFrame(out, columns=["file", "rows_read", "rows_used", "rows_rejected", "reconciles"])

    def __len__(self) -> int:
        return len(self.records)


# what a rejection log may show of a value lives in inputs/withhold.py; these names stay here for the callers
from lscb_analysis.inputs.withhold import SENSITIVE_COLUMN, WITHHELD, shown_value, shown_values  # noqa: E402,F401

# formats a table is sometimes saved in that cannot be read: a file in one of these is an error, not "missing"
_UNREADABLE_SUFFIXES = {
    ".xls": "an old Excel .xls workbook; save it as .xlsx or CSV",
    ".xlsb": "an Excel binary workbook; save it as .xlsx or CSV",
    ".xlsm": "a macro-enabled workbook; save it as .xlsx or CSV",
    ".ods": "an OpenDocument spreadsheet; save it as .xlsx or CSV",
    ".numbers": "a Numbers spreadsheet; export it as .xlsx or CSV",
    ".zip": "a zip archive; unzip it",
    ".pdf": "a PDF; the data are needed as CSV or .xlsx",
    ".txt": "a text file; save it as CSV (comma-separated) with a .csv name",
    ".tsv": "a tab-separated file; save it as CSV (comma-separated)",
}


def find_file(directory: Path | str, stem: str) -> Path | None:
    """The file ``stem`` in ``directory`` as .csv or .xlsx (case-insensitive), or None.

    If there is no .csv or .xlsx but the same name with a format that cannot be read
    (``child_deaths.xls``, ``.ods``, ``.pdf``, ``.zip``...), raises :class:`InputError` saying
    so, rather than reporting the file as missing; if there are both a .csv and an .xlsx (or two
    spellings of one name), raises :class:`InputError` rather than silently reading one.
    """
    directory = Path(directory)
    if not directory.is_dir():
        return None
    wanted = {f"{stem}.csv".lower(), f"{stem}.xlsx".lower()}
    files = sorted(p for p in directory.iterdir() if p.is_file())
    matches = [p for p in files if p.name.lower() in wanted]
    if len(matches) > 1:
        raise InputError(f"is there as well as {matches[0].name}: keep only one, so it is clear which is used",
                         file=f"{directory.name}/{matches[-1].name}")
    if matches:
        return matches[0]
    for p in files:
        if p.stem.lower() == stem.lower() and p.suffix.lower() in _UNREADABLE_SUFFIXES:
            raise InputError(f"is {_UNREADABLE_SUFFIXES[p.suffix.lower()]} (expected {stem}.csv or {stem}.xlsx)",
                             file=f"{directory.name}/{p.name}")
    return None


def _sniff(raw: bytes, label: str, expected: str) -> None:
    """Raise :class:`InputError` if ``raw`` is recognisably not a ``expected`` ("CSV" or "XLSX") file."""
    head = raw[:4096]
    if expected == "XLSX" and head.startswith(b"PK\x03\x04"):
        return
    if head.startswith(b"%PDF"):
        raise InputError("is a PDF, not a CSV or XLSX file", file=label)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("is an old Excel .xls (or other OLE) file, or a password-protected workbook; "
                         "save it as .xlsx or CSV without a password", file=label)
    if expected == "CSV" and head.startswith(b"PK\x03\x04"):
        if b"xl/" in raw[:65536] or b"[Content_Types].xml" in raw[:65536]:
            raise InputError("is an Excel workbook (XLSX) named as CSV; rename it .xlsx", file=label)
        raise InputError("is a zip archive, not a CSV file; unzip it", file=label)
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise InputError("is saved as UTF-32 text; save it as CSV UTF-8", file=label)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) >= 4 and (head[1:4:2] == b"\x00\x00"
                                                                        or head[0:4:2] == b"\x00\x00")):
        raise InputError("is saved as UTF-16 text (Excel's 'Unicode text'); save it as 'CSV UTF-8'", file=label)
    if expected == "CSV":
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if start.startswith((b"<!doctype html", b"<html")):
            raise InputError("is a web page (HTML), not a CSV file; save the table as CSV", file=label)
        if start.startswith(b"<?xml"):
            raise InputError("is an XML file, not a CSV file (an Excel 2003 XML spreadsheet?); save it as CSV or .xlsx",
                             file=label)
    if expected == "CSV" and b"\x00" in head:
        raise InputError("contains NUL bytes: it is not a text CSV file (UTF-16 or binary?)", file=label)


def _decode(raw: bytes, label: str) -> tuple[str, str]:
    _sniff(raw, label, "CSV")
    if b"\x00" in raw:
        raise InputError("contains NUL bytes: it is not a text CSV file (UTF-16 or binary?)", file=label)
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc), ("utf-8" if enc == "utf-8-sig" else enc)
        except UnicodeDecodeError:
            continue
    raise InputError("cannot be decoded as UTF-8 or Windows-1252 text", file=label)


def _parse_csv(text: str, label: str) -> list[list[str]]:
    """Split CSV text into rows; an opening quote never closed, or a value too long to be a cell, is an error."""
    import csv
    import io

    try:
        return list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        message = str(exc)
    if "unexpected end of data" in message:
        # the record that swallowed the rest of the file starts where the last complete one ended
        reader = csv.reader(io.StringIO(text, newline=""))
        starts, line = [], 1
        for _ in reader:
            starts.append(line)
            line = reader.line_num + 1
        raise InputError("has a quote (\") that is never closed, so everything after it would be read as one value; "
                         "fix the quoting", file=label, row=starts[-1] if starts else None)
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InputError(f"has a value longer than {csv.field_size_limit():,} characters: "
                             "it is not a table of records (or its quoting is broken)", file=label) from exc
        raise InputError(f"is not valid CSV ({exc})", file=label) from exc



def _xlsx_text(value) -> str:
    """A cell value as text, as pandas.read_excel(dtype=str) gave it (whole floats without ".0"),
    except that formula errors ("#N/A", "#REF!") are kept as written rather than turned into blanks."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return str(value)
    if isinstance(value, dt.datetime):
        return str(pd.Timestamp(value))
    return str(value)


def _pick_sheet(wb, label: str, sheet: str | None, rejections: Rejections | None):
    """The worksheet to read: the one named ``sheet`` (case-insensitive) if the workbook has it, else the
    first visible one; hidden sheets passed over are noted (a hidden first sheet is often an old copy)."""
    sheets = wb.worksheets
    if not sheets:
        raise InputError("has no worksheet", file=label)
    if len(sheets) > limits.MAX_SHEETS:
        raise InputError(f"has {len(sheets):,} worksheets, more than the limit of {limits.MAX_SHEETS:,}", file=label)
    named = [ws for ws in sheets if sheet and ws.title.strip().casefold() == sheet.strip().casefold()]
    visible = [ws for ws in sheets if getattr(ws, "sheet_state", "visible") == "visible"]
    if not named and not visible:
        raise InputError("has no visible worksheet (every sheet is hidden): unhide the one to read", file=label)
    ws = (named or visible)[0]
    skipped = [i + 1 for i, other in enumerate(sheets[:sheets.index(ws)])
               if getattr(other, "sheet_state", "visible") != "visible"]
    if skipped and rejections is not None:
        rejections.note(label, f"hidden worksheet(s) {', '.join(map(str, skipped))} not read; "
                               f"read worksheet {sheets.index(ws) + 1}, the first visible one"
                        if not named else f"hidden worksheet(s) {', '.join(map(str, skipped))} not read")
    return ws


def _read_xlsx(path: Path, label: str, sheet: str | None = None,
               rejections: Rejections | None = None) -> list[list[str]]:
    """A worksheet of an XLSX workbook as rows of text, streamed (read-only mode): the sheet named
    ``sheet`` if there is one, else the first visible one (:func:`_pick_sheet`).

    The zip's declared sizes are checked before it is opened (:func:`limits.check_xlsx_zip`), and rows,
    values per row and cells are bounded while it streams (:func:`limits.check_grid`). Rows hold only up
    to their last cell; a workbook that cannot be opened (:func:`lscb_analysis.inputs.xlsx.load_workbook`) is an
    :class:`InputError`."""
    from lscb_analysis.inputs import xlsx

    with open(path, "rb") as fh:
        head = fh.read(4096)
    _sniff(head, label, "XLSX")
    if not head.startswith(b"PK\x03\x04"):
        raise InputError("is not an Excel workbook (is it a CSV or text file named .xlsx? rename it .csv)", file=label)
    wb = xlsx.load_workbook(path, label)  # the zip's sizes checked first; an InputError if unreadable
    try:
        ws = _pick_sheet(wb, label, sheet, rejections)
        grid: list[list[str]] = []
        longest = 0
        for row in ws.iter_rows(values_only=True):
            cells = [_xlsx_text(v) for v in row]
            while cells and not cells[-1].strip():
                cells.pop()
            grid.append(cells)
            if len(cells) > longest:
                longest = len(cells)
                limits.check_grid(len(grid), longest, label, len(grid))
            elif len(grid) % 65_536 == 0:
                limits.check_grid(len(grid), longest, label)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"cannot be read as an Excel workbook ({type(exc).__name__})", file=label) from exc
    finally:
        wb.close()
    while grid and not grid[-1]:
        grid.pop()
    return grid


def _grid_frame(grid: list[list[str]], label: str) -> pd.DataFrame:
    """Rows of text (ragged) as a DataFrame of str objects, short rows padded with "" (within the bounds
    of :func:`limits.check_grid`)."""
    longest = max((len(r) for r in grid), default=0)
    limits.check_grid(len(grid), longest, label)
    if any(len(r) != longest for r in grid):
        grid = [list(r) + [""] * (longest - len(r)) for r in grid]
    cells = pd.DataFrame(grid, dtype=object) if grid else pd.DataFrame(index=range(0), columns=range(0), dtype=object)
    cells.columns = range(cells.shape[1])
    if cells.isna().to_numpy().any():
        cells = cells.fillna("")
    return cells


def _fast_csv(text: str, width: int) -> pd.DataFrame | None:
    """``text`` split into cells by pandas' C reader, as :func:`_parse_csv` would split it (ragged rows padded
    with "", a blank line a row of ""), or None where the C reader cannot be trusted to agree: it fails
    (an unclosed quote, a record wider than any one line), or a value is longer than the csv module allows.
    The csv-module path then gives the result or the error with its row. ``width``: the most values on any
    one line (:func:`limits.scan_csv`; commas and line ends are the same bytes in UTF-8 and cp1252)."""
    import csv
    import io

    if not text:
        return None
    try:
        with warnings.catch_warnings():
            # a record wider than ``width`` is only a ParserWarning (its extra values dropped): make it fail
            warnings.simplefilter("error")
            cells = pd.read_csv(io.StringIO(text), header=None, names=range(width), index_col=False, dtype=object,
                                na_filter=False, keep_default_na=False, skip_blank_lines=False, engine="c",
                                sep=",", quotechar='"', quoting=csv.QUOTE_MINIMAL, doublequote=True,
                                escapechar=None, comment=None, skipinitialspace=False, low_memory=False)
    except Exception:  # noqa: BLE001 - any failure or warning: the csv module decides
        return None
    return cells


def _too_long(text: str, columns: list[pd.Series]) -> bool:
    """True when a value (as text) is longer than the csv module accepts in one field."""
    import csv

    limit = csv.field_size_limit()
    if len(text) <= limit:
        return False
    return any(len(c) and c.str.len().max() > limit for c in columns)


def _clean_header(names: Iterable) -> list[str]:
    return [re.sub(r"\s+", " ", str(c)).strip().lower() for c in names]


def _header_shaped(name: str) -> bool:
    """Whether a header cell looks like a column name (words, more letters than digits), not a value from a
    record (a date, a number, an identifier such as EX102535)."""
    letters = sum(ch.isalpha() for ch in name)
    digits = sum(ch.isdigit() for ch in name)
    return bool(re.fullmatch(r"[A-Za-z][\w ()?'.,&/-]{0,80}", name)) and letters > digits


def require_file(path: Path, label: str) -> None:
    """Raise :class:`InputError` naming ``label`` if ``path`` does not exist or is empty (0 bytes)."""
    if not path.exists():
        raise InputError("does not exist", file=label)
    if path.stat().st_size == 0:
        raise InputError("is empty (0 bytes)", file=label)


def read_table(path: Path | str, rejections: Rejections | None = None, *, label: str | None = None,
               header_hint: Iterable[str] = (), sheet: str | None = None) -> pd.DataFrame:
    """Read a CSV or XLSX file as text columns, with ``_row`` holding each row's spreadsheet row number.

    * Column names are trimmed, spaces folded and lower-cased; duplicated names are an error.
    * CSV: UTF-8 (with or without BOM), else Windows-1252 (noted in the log).
    * XLSX: the sheet named ``sheet`` (as the template names it) if there is one, else the first visible
      sheet (hidden ones passed over are noted), read by :mod:`lscb_analysis.inputs.xlsx`.
    * Every bound in :mod:`limits` (size, line length, values per row, rows, cells, sheets, expanded
      size) is checked before the work it protects; past one, :class:`InputError` names the file and bound.
    * Blank rows are skipped but still counted as read and logged as rejected ("blank row").
    * ``header_hint``: if given and the first row has none of these names but a later row
      (within the first 10) has, the header is taken from that row and the rows above are
      noted as skipped.

    Every cell stays a string (no type guessing); parsing is the loader's job.
    """
    path = Path(path)
    label = label or path.name
    require_file(path, label)
    limits.check_file_size(path, label)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InputError("is an old Excel .xls file; save it as .xlsx or CSV", file=label)
    as_text = None
    if suffix == ".xlsx":
        cells = _grid_frame(_read_xlsx(path, label, sheet, rejections), label)
    else:
        raw = path.read_bytes()
        text, encoding = _decode(raw, label)
        width = limits.scan_csv(raw, label)
        del raw
        if encoding != "utf-8" and rejections is not None:
            rejections.note(label, f"read as {encoding} (not valid UTF-8)")
        cells = _fast_csv(text, width)
        as_text = None if cells is None else [cells[c].astype(str) for c in cells.columns]
        if cells is None or _too_long(text, as_text):
            # the C reader could not (or a value is too long for a field): the csv module decides and locates errors
            cells = _grid_frame(_parse_csv(text, label), label)
            as_text = None
    if as_text is None:
        as_text = [cells[c].astype(str) for c in cells.columns]
    # a cell is filled when it is not blank after trimming (every row, every column; vectorised per column)
    filled = np.column_stack([t.str.strip().ne("").to_numpy(dtype=bool) for t in as_text]) \
        if len(cells) and cells.shape[1] else np.zeros((len(cells), 1), dtype=bool)
    del as_text
    nonblank = filled.any(axis=1)
    if not len(cells) or not nonblank.any():
        raise InputError("has no header row and no data", file=label)

    def grid_row(i: int) -> list[str]:
        return cells.iloc[i].tolist()

    header_at = int(np.argmax(nonblank))
    hint = {h.lower() for h in header_hint}
    if hint and not (set(_clean_header(grid_row(header_at))) & hint):
        for i in range(header_at + 1, min(len(cells), header_at + 10)):
            if set(_clean_header(grid_row(i))) & hint:
                if rejections is not None:
                    rejections.note(label, f"header found on row {i + 1}; rows 1 to {i} above it skipped")
                header_at = i
                break
    header = _clean_header(grid_row(header_at))
    while header and header[-1] == "":
        header.pop()
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        if name == "":
            continue
        if name in seen:
            # named only when it is shaped like a column name: a file saved without its header row has a record
            # there, and two equal values in it (a date of birth, an identifier) must not reach the message
            named = f"the column {name!r}" if _header_shaped(name) else "the same column name"
            raise InputError(f"has {named} twice (columns {seen[name] + 1} and {i + 1})", file=label)
        seen[name] = i
    width = len(header)
    # the body (rows below the header), padded to at least the header's width
    cells = cells.iloc[header_at + 1:]
    filled = filled[header_at + 1:]
    if cells.shape[1] < width:
        extra = pd.DataFrame({j: [""] * len(cells) for j in range(cells.shape[1], width)}, index=cells.index,
                             dtype=object)
        cells = pd.concat([cells, extra], axis=1)
        filled = np.column_stack([filled, np.zeros((len(cells), width - filled.shape[1]), dtype=bool)])
    row_numbers = np.arange(len(cells), dtype="int64") + header_at + 2
    blank = ~filled.any(axis=1) if len(cells) else np.zeros(0, dtype=bool)
    blank_rows = row_numbers[blank].tolist()
    long_rows = []
    if cells.shape[1] > width and len(cells):
        extra = filled[:, width:].any(axis=1) & ~blank
        for i in np.flatnonzero(extra):  # rare: only the rows that have values beyond the header
            long_rows.append((int(row_numbers[i]), int(np.flatnonzero(filled[i])[-1]) + 1))
    kept = ~blank
    records = cells.iloc[np.flatnonzero(kept), :width]
    rows_no = row_numbers[kept]
    names = [h if h else f"_unnamed_{i + 1}" for i, h in enumerate(header)]
    df = pd.DataFrame(records.to_numpy(dtype=object), columns=names, dtype=object)
    df = df[[c for c in df.columns if not c.startswith("_unnamed_")]]
    df["_row"] = np.array(rows_no, dtype="int64")
    if rejections is not None:
        rejections.record_read(label, len(records) + len(blank_rows))
        for r in blank_rows:
            rejections.add(label, r, "", "", "blank row")
        if long_rows and suffix == ".xlsx":
            rejections.note(label, f"{len(long_rows)} row(s) have values to the right of the last named column "
                                   f"(ignored), the first on row {long_rows[0][0]}")
        elif long_rows:
            # a CSV row with more values than the header: a comma inside an unquoted value has shifted it
            for r, n in long_rows:
                rejections.add(label, r, "", f"{n} values",
                               f"row has {n} values but the header has {width} columns (a comma inside an unquoted value?)")
        rejections.record_used(label, 0)
    return df.reset_index(drop=True)


def require_columns(df: pd.DataFrame, required: Iterable[str], file: str,
                    aliases: Mapping[str, Iterable[str]] | None = None,
                    rejections: Rejections | None = None, optional: Iterable[str] = ()) -> pd.DataFrame:
    """Rename alias spellings to canonical names and check that every required column is present.

    Matching is case-insensitive after trimming. Raises :class:`InputError` naming the file and
    the first missing column. Columns neither required nor ``optional`` (read when present) are kept
    and noted in ``rejections`` as ignored.
    """
    aliases = aliases or {}
    rename = {}
    cols = set(df.columns)
    canon = {c.lower(): c for c in required}
    for name, alts in aliases.items():
        key = name.lower()
        if key not in cols:
            for alt in alts:
                if alt.lower() in cols:
                    rename[alt.lower()] = canon.get(key, name)
                    break
    out = df.rename(columns=rename)
    out = out.rename(columns={c.lower(): c for c in required if c.lower() in out.columns})
    missing = [c for c in required if c not in out.columns]
    if missing:
        found = [c for c in df.columns if c != "_row"]
        # the names found are listed only when the row is a header (it has some required column): a file with
        # no header row would otherwise put its first record in the message
        listed = ", ".join(found) if len(missing) < len(list(required)) else f"no header row with these names; the " \
            f"first row read has {len(found)} value(s)"
        raise InputError(f"is missing the required column {missing[0]!r} (found: {listed or 'none'})",
                         file=file, column=missing[0])
    known = {c.lower() for c in optional}
    extra = [c for c in out.columns if c not in set(required) and c != "_row" and c not in aliases
             and c.lower() not in known]
    if extra and rejections is not None:
        rejections.note(file, f"extra columns ignored: {', '.join(extra)}")
    return out


def _parse_one(text: str) -> pd.Timestamp | None:
    m = _ISO.match(text)
    if m:
        try:
            return pd.Timestamp(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = _DMY.match(text)
    if m:
        try:
            return pd.Timestamp(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    if _SERIAL.match(text):
        n = int(float(text))
        if _SERIAL_MIN <= n <= _SERIAL_MAX:
            return EXCEL_EPOCH + pd.Timedelta(days=n)
    return None


# the first day of the earliest reporting year periods.ReportingYear accepts (1900-01): an earlier date cannot
# be placed in any reporting year, so a row with one is rejected here rather than failing later
EARLIEST_DATE = pd.Timestamp("1900-04-01")
TODAY = "today"


def parse_dates(df: pd.DataFrame, column: str, file: str, rejections: Rejections, *,
                required: bool = True, not_after: pd.Timestamp | str | None = TODAY,
                not_before: pd.Timestamp | None = EARLIEST_DATE) -> pd.Series:
    """Parse a date column that may mix ISO (2024-04-01), dd/mm/yyyy (01/04/2024) and Excel serials.

    Never turns a bad value into a silent missing date: an unparseable or impossible value
    (31/02/2024), a date before ``not_before`` or after ``not_after``, or a blank where
    ``required`` is logged as a rejection with the row, column and value. Returns a
    ``datetime64`` Series (NaT where blank or bad).
    """
    values = df[column] if column in df.columns else pd.Series([""] * len(df), index=df.index)
    parsed, blank = date_text(values.fillna("").astype(str).str.strip())

    def log(mask: pd.Series, reason: str) -> None:
        rejections.add_rows(df, mask, file, column, reason, values)

    return check_dates(parsed, blank, log, required=required, not_after=not_after, not_before=not_before)


def date_text(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The dates in trimmed text (the first step of :func:`parse_dates`): a ``datetime64`` Series (NaT where
    blank or not a date) and whether each value is blank. Each value's date depends on that value alone, so
    the distinct values of a column can be parsed once and spread to its rows."""
    blank = text.str.lower().isin(_NULLS)
    # fast path: vectorised ISO parse, slow path only for the rest
    parsed = pd.to_datetime(text.where(text.str.fullmatch(r"\d{4}-\d{2}-\d{2}")), format="%Y-%m-%d", errors="coerce")
    rest = parsed.isna() & ~blank
    if rest.any():
        uniq = text[rest].unique()
        lookup = {u: _parse_one(u) for u in uniq}
        parsed.loc[rest] = pd.to_datetime(text[rest].map(lookup))  # all-None would not fit a datetime column
    return pd.to_datetime(parsed), blank


def check_dates(parsed: pd.Series, blank: pd.Series, log, *, required: bool = True,
                not_after: pd.Timestamp | str | pd.Series | None = TODAY,
                not_before: pd.Timestamp | None = EARLIEST_DATE) -> pd.Series:
    """The checks of :func:`parse_dates` on dates already parsed (:func:`date_text`), in its order; each
    problem is passed to ``log(mask, reason)``. Returns the dates with those out of range made NaT."""
    bad = parsed.isna() & ~blank
    log(bad, "not a valid date (expected YYYY-MM-DD, DD/MM/YYYY or an Excel date number)")
    if required:
        log(blank, "missing required date")
    if isinstance(not_after, str) and not_after == TODAY:
        # an extract cannot record something that has not happened yet
        not_after = pd.Timestamp.today().normalize()
    if isinstance(not_after, pd.Series):  # a limit per row (several census returns cleaned at once)
        late = parsed.notna() & (parsed > not_after)
        for limit in pd.unique(not_after[late]):
            log(late & not_after.eq(limit), f"date is after {pd.Timestamp(limit):%d/%m/%Y} (in the future?)")
        parsed = parsed.mask(late)
    elif not_after is not None:
        late = parsed.notna() & (parsed > not_after)
        log(late, f"date is after {not_after:%d/%m/%Y} (in the future?)")
        parsed = parsed.mask(late)
    if not_before is not None:
        early = parsed.notna() & (parsed < not_before)
        log(early, f"date is before {not_before:%d/%m/%Y}")
        parsed = parsed.mask(early)
    return parsed


_LABEL_PREFIX = re.compile(r"^\s*[a-z0-9]{1,2}\)\s*", re.I)


def _code_key(value: str) -> str:
    return re.sub(r"\s+", " ", _LABEL_PREFIX.sub("", value)).strip().casefold()


def normalise_codes(values: pd.Series, aliases: Mapping[str, str] | None = None, *, upper: bool = True) -> pd.Series:
    """Normalise codes: trim, fold spaces, upper-case, and map labels to codes.

    ``aliases`` maps a label (any case, with or without an Annex A prefix such as "a) ") to its code,
    e.g. ``{"neglect": "NEG", "emotional abuse": "EMO"}``, so "a) Neglect" and " neglect " both give
    "NEG". Values that are neither codes nor labels are returned trimmed, for :func:`reject_unknown`.
    """
    text = values.fillna("").astype(str)
    keys = {_code_key(k): v for k, v in (aliases or {}).items()}
    uniq = text.unique()
    mapping = {}
    for u in uniq:
        stripped = re.sub(r"\s+", " ", u).strip()
        key = _code_key(u)
        if key in keys:
            mapping[u] = keys[key]
        else:
            mapping[u] = stripped.upper() if upper else stripped
    return text.map(mapping)


def reject_unknown(df: pd.DataFrame, column: str, allowed: Iterable[str], file: str,
                   rejections: Rejections, *, required: bool = True, values: pd.Series | None = None) -> None:
    """Log rows whose ``column`` (normalised) is not in ``allowed``; blanks too where ``required``."""
    vals = df[column] if values is None else values
    allowed = set(allowed)
    unknown, blank = unknown_codes(vals, allowed)
    original = df[column] if column in df.columns else vals
    rejections.add_rows(df, unknown, file, column,
                        f"unknown code (expected one of {', '.join(sorted(allowed))})", original)
    if required:
        rejections.add_rows(df, blank, file, column, "missing required value", original)


def unknown_codes(values: pd.Series, allowed: set[str]) -> tuple[pd.Series, pd.Series]:
    """The tests of :func:`reject_unknown` on normalised codes: (not blank and not in ``allowed``, blank)."""
    blank = values.fillna("").astype(str).str.strip().eq("")
    return ~blank & ~values.isin(allowed), blank


MISSING_MARKS = {"", "#N/A", "#VALUE!", "#REF!"}  # what a missing value looks like (after trimming)


def reject_missing(df: pd.DataFrame, columns: Iterable[str], file: str, rejections: Rejections) -> None:
    """Log rows where any of ``columns`` is blank."""
    for column in columns:
        blank = df[column].fillna("").astype(str).str.strip().isin(MISSING_MARKS)
        rejections.add_rows(df, blank, file, column, "missing required value")


def dedupe(df: pd.DataFrame, keys: list[str], file: str, rejections: Rejections) -> None:
    """Log every row that repeats an earlier row on ``keys`` (the first is kept)."""
    dup = df.duplicated(keys, keep="first")
    if not dup.any():
        return
    first = df.groupby(keys, sort=False, dropna=False)["_row"].transform("first")
    rejections.add_rows(df, dup, file, "+".join(keys),
                        f"duplicate of an earlier row on {', '.join(keys)}",
                        values="first seen on row " + first.astype(str))


# pseudonyms live in inputs/pseudonyms.py; these names stay for the callers that still use them here
from lscb_analysis.inputs.pseudonyms import KEY_ENV, KEY_FILE, id_text, keyed_hashes, pseudonym_key, pseudonymise  # noqa: E402,F401
