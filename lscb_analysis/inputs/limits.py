"""Bounds on every input file, in one place (documented in docs/data_contract.md, "Limits").

A file past a bound is refused with :class:`clean.InputError` naming the file (and the line or row
where there is one) and the bound, before the work that the bound protects: a hostile or broken
file (a line of 20 million commas, a gzip that expands to gigabytes, a workbook that claims three
million rows) is refused in seconds and in bounded memory, never read to the end.

Each bound is far above what a council's real return holds (the largest regional CIN census return
is about 8 MB of XML; Excel itself stops at 1,048,576 rows and 16,384 columns), and low enough that
reading any accepted file stays well under 2 GB of memory.

* :func:`check_file_size`: the size on disk of any input;
* :func:`scan_csv`: a bounded scan of a CSV's bytes before it is split into cells: line length,
  values on a line, lines, and the cells the parsed table would hold (lines x widest line);
* :func:`check_grid`: the same bounds on a table being built row by row (the csv module, a worksheet);
* :func:`check_xlsx_zip`: an XLSX's parts, from the zip directory, before the workbook is opened (the
  zip module stops every part at its declared size, so the declared sizes bound the decompression);
* :func:`open_bounded`: a ``.xml`` or ``.xml.gz`` file as a stream that stops at a decompressed size,
  at a run of text with no markup (``<``) longer than any census value, and at a count of tags.
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
from pathlib import Path

import numpy as np

__all__ = ["MAX_FILE_BYTES", "MAX_DECOMPRESSED_BYTES", "MAX_LINE_BYTES", "MAX_FIELDS_PER_ROW", "MAX_ROWS",
           "MAX_CELLS", "MAX_SHEETS", "MAX_ZIP_PARTS", "MAX_XML_TEXT_BYTES", "MAX_XML_MARKUP",
           "check_file_size", "scan_csv", "check_grid", "check_xlsx_zip", "open_bounded"]

MiB = 1 << 20
MAX_FILE_BYTES = 100 * MiB          # any input file on disk
MAX_DECOMPRESSED_BYTES = 128 * MiB  # a .gz census return once expanded; all parts of an XLSX together
MAX_LINE_BYTES = 1 * MiB            # one line of a CSV file
MAX_FIELDS_PER_ROW = 1_024          # values on one CSV line or worksheet row (returns have a few dozen columns)
MAX_ROWS = 1_048_576                # rows of a CSV file or worksheet (Excel's own row limit)
MAX_CELLS = 12_000_000              # rows x widest row of one table (about 1 GB of text cells in memory)
MAX_SHEETS = 256                    # worksheets in a workbook
MAX_ZIP_PARTS = 10_000              # parts (files) inside an XLSX
MAX_XML_TEXT_BYTES = 1 * MiB        # bytes between two '<' in a census return (no value or run of blanks is longer)
MAX_XML_MARKUP = 8_000_000          # '<' in a census return: tags and comments (a real one has one per 19 bytes)

_CHUNK = 4 * MiB


def _error(message: str, label: str, row: int | None = None):
    from lscb_analysis.inputs.clean import InputError

    return InputError(message, file=label, row=row)


def _mb(n: int) -> str:
    return f"{n / MiB:,.0f} MB" if n >= 10 * MiB else f"{n / MiB:,.3g} MB"


def check_file_size(path: Path, label: str, limit: int | None = None) -> None:
    """Refuse a file larger than ``limit`` bytes on disk (default :data:`MAX_FILE_BYTES`)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    size = Path(path).stat().st_size
    if size > limit:
        raise _error(f"is {_mb(size)}, more than the limit of {_mb(limit)} for one input file "
                     "(is it the right file? split it by year if it really is this large)", label)


def _line_number(raw: bytes, pos: int) -> int:
    """The 1-based line at byte ``pos`` (lines end at LF, CRLF or a lone CR)."""
    return raw.count(b"\n", 0, pos) + raw.count(b"\r", 0, pos) - raw.count(b"\r\n", 0, pos) + 1


def scan_csv(raw: bytes, label: str) -> int:
    """Check a CSV file's bytes against the line bounds and return the most values on any one line.

    A line ends at LF, CR or CRLF; its values are its commas plus one (an upper bound: a quoted comma
    is counted too, and a quoted line end splits a record across lines). Scanned in 4 MB pieces, so
    the scan itself needs a few tens of MB whatever the file. Raises :class:`clean.InputError` for a
    line longer than :data:`MAX_LINE_BYTES`, a line with more than :data:`MAX_FIELDS_PER_ROW` values,
    more than :data:`MAX_ROWS` lines, or lines x widest line above :data:`MAX_CELLS`."""
    n = len(raw)
    longest_len = widest = 0
    widest_at = 0
    carry_len = carry_commas = 0

    def check(length: int, commas: int, end: int) -> None:
        nonlocal longest_len, widest, widest_at
        if length > MAX_LINE_BYTES:
            raise _error(f"has a line of more than {MAX_LINE_BYTES:,} characters (the limit for one line): it is "
                         "not a table of records, or its quoting is broken", label, _line_number(raw, end - length))
        if commas + 1 > MAX_FIELDS_PER_ROW:
            raise _error(f"has a line with {commas + 1:,} values, more than the limit of {MAX_FIELDS_PER_ROW:,} "
                         "values on one row: remove the stray commas", label, _line_number(raw, end - length))
        longest_len = max(longest_len, length)
        if commas + 1 > widest:
            widest, widest_at = commas + 1, end - length

    for off in range(0, n, _CHUNK):
        b = np.frombuffer(raw, dtype=np.uint8, count=min(_CHUNK, n - off), offset=off)
        is_comma = b == 44
        ends = np.flatnonzero((b == 10) | (b == 13))
        if not len(ends):
            carry_len += len(b)
            carry_commas += int(np.count_nonzero(is_comma))
            if carry_len > MAX_LINE_BYTES:
                check(carry_len, carry_commas, off + len(b))
            continue
        cum = np.cumsum(is_comma, dtype=np.int64)
        at = cum[ends]
        commas = np.diff(at, prepend=0)
        lengths = np.diff(ends, prepend=-1) - 1
        commas[0] += carry_commas
        lengths[0] += carry_len
        i, j = int(np.argmax(lengths)), int(np.argmax(commas))
        for k in {i, j}:
            check(int(lengths[k]), int(commas[k]), off + int(ends[k]))
        carry_len = len(b) - int(ends[-1]) - 1
        carry_commas = int(cum[-1] - at[-1])
    check(carry_len, carry_commas, n)
    lines = raw.count(b"\n") + raw.count(b"\r") - raw.count(b"\r\n") + (0 if raw.endswith((b"\n", b"\r")) else 1)
    if lines > MAX_ROWS + 1:
        raise _error(f"has {lines:,} lines, more than the limit of {MAX_ROWS:,} rows (Excel's own limit)", label)
    check_grid(lines, widest, label, _line_number(raw, widest_at))
    return widest


def check_grid(rows: int, width: int, label: str, widest_row: int | None = None) -> None:
    """Refuse a table of ``rows`` x ``width`` (its widest row) cells beyond :data:`MAX_ROWS`,
    :data:`MAX_FIELDS_PER_ROW` or :data:`MAX_CELLS`."""
    if width > MAX_FIELDS_PER_ROW:
        raise _error(f"has a row with {width:,} values, more than the limit of {MAX_FIELDS_PER_ROW:,} "
                     "values on one row (a stray value far to the right?)", label, widest_row)
    if rows > MAX_ROWS + 1:
        raise _error(f"has more than {MAX_ROWS:,} rows (Excel's own limit)", label)
    if rows * width > MAX_CELLS:
        where = f" (the widest is row {widest_row:,})" if widest_row else ""
        raise _error(f"would be a table of {rows:,} rows by {width:,} columns{where}, more than the limit of "
                     f"{MAX_CELLS:,} cells: remove stray values far to the right, or split the file", label, widest_row)


def check_xlsx_zip(path: Path, label: str) -> int:
    """Refuse an XLSX whose zip directory declares more than :data:`MAX_ZIP_PARTS` parts or more than
    :data:`MAX_DECOMPRESSED_BYTES` once expanded (a "zip bomb"), before any part is expanded. The zip
    module stops each part at its declared size, so a part that lies about its size fails its check.

    Returns how many cells of the worksheets are formula errors (``t="e"``: ``#N/A``, ``#REF!``...), counted
    in the same pass (:mod:`lscb_analysis.inputs.xlsx` reads a workbook with any by openpyxl, which keeps their
    codes)."""
    try:
        with zipfile.ZipFile(path) as zf:
            parts = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise _error(f"is a zip file but not an Excel workbook ({type(exc).__name__})", label) from exc
    if len(parts) > MAX_ZIP_PARTS:
        raise _error(f"holds {len(parts):,} parts, more than the limit of {MAX_ZIP_PARTS:,} for a workbook", label)
    expanded = sum(p.file_size for p in parts)
    if expanded > MAX_DECOMPRESSED_BYTES:
        raise _error(f"expands to {_mb(expanded)}, more than the limit of {_mb(MAX_DECOMPRESSED_BYTES)} "
                     "for a workbook", label)
    # rows and cells of each worksheet, counted in its XML before it is parsed (a few tenths of a second
    # per 100 MB): a sheet of three million rows is refused at once rather than read for minutes
    errors = 0
    try:
        with zipfile.ZipFile(path) as zf:
            for part in parts:
                if part.filename.endswith((".xml", ".rels")):
                    with zf.open(part) as fh:
                        if b"<!DOCTYPE" in fh.read(_PROLOG_BYTES).upper():  # entities need a DTD; Excel never writes one
                            raise _error("cannot be read as an Excel workbook (a part declares a DTD, which Excel "
                                         "never writes)", label)
                if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", part.filename):
                    continue
                rows = cells = 0
                tail = b""
                with zf.open(part) as fh:
                    while piece := fh.read(_CHUNK):
                        scan = tail + piece
                        rows += scan.count(b"<row") - tail.count(b"<row")
                        cells += scan.count(b"<c ") + scan.count(b"<c>") - tail.count(b"<c ") - tail.count(b"<c>")
                        errors += sum(scan.count(e) - tail.count(e) for e in _ERROR_TYPE)
                        tail = piece[-5:]
                        if rows > MAX_ROWS + 1 or cells > MAX_CELLS:
                            raise _error(f"has a worksheet ({part.filename.rsplit('/', 1)[-1]}) with more than "
                                         f"{MAX_ROWS:,} rows or {MAX_CELLS:,} cells, the limits for one table", label)
    except Exception as exc:  # zipfile and zlib raise several types for a damaged part
        from lscb_analysis.inputs.clean import InputError

        if isinstance(exc, InputError):
            raise
        raise _error(f"is a zip file but not an Excel workbook ({type(exc).__name__})", label) from exc
    return errors


_PROLOG_BYTES = 4096  # a DTD comes before the root element, at the start of a part
_ERROR_TYPE = (b' t="e"', b" t='e'")  # a cell whose value is a formula error
_NO_MARKUP = {}


class _Bounded(io.RawIOBase):
    """A binary stream that raises :class:`clean.InputError` once more than ``limit`` bytes have been
    read from it, or when ``text_limit`` bytes pass without a ``<`` (no XML value is that long)."""

    def __init__(self, raw, label: str, limit: int, text_limit: int | None, what: str) -> None:
        super().__init__()
        self._raw, self._label, self._limit, self._text_limit, self._what = raw, label, limit, text_limit, what
        self._read = 0
        self._run = 0  # bytes since the last '<'
        self._markup = 0  # '<' seen

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(1 << 16), b""))
        data = self._raw.read(size)
        self._read += len(data)
        if self._read > self._limit:
            raise _error(f"{self._what} more than the limit of {_mb(self._limit)}", self._label)
        if self._text_limit is not None and data:
            self._markup += data.count(b"<")
            if self._markup > MAX_XML_MARKUP:
                # each tag or comment costs the parser time and, outside a Child, memory: a file of millions of
                # tiny elements (<X/><X/>...) would take minutes and gigabytes
                raise _error(f"has more than {MAX_XML_MARKUP:,} tags and comments, the limit for one census "
                             "return (a real one has one every 19 bytes or so)", self._label)
            first, limit = data.find(b"<"), self._text_limit
            if first < 0:
                self._run += len(data)
            else:
                worst, last = self._run + first, data.rfind(b"<")
                if worst <= limit < len(data) and last > first:  # a piece longer than the limit: look inside
                    pattern = _NO_MARKUP.setdefault(limit, re.compile(rb"[^<]{%d}" % (limit + 1)))
                    if pattern.search(data, first, last):
                        worst = limit + 1
                self._run = worst if worst > limit else len(data) - last - 1
            if self._run > self._text_limit:
                raise _error(f"has more than {self._text_limit:,} bytes of text with no markup in one place "
                             "(a value or a run of blanks far longer than any census item): it is not a "
                             "CIN census return, or it is damaged", self._label)
        return data

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


def open_bounded(path: Path | str, label: str, *, text_limit: int | None = -1):
    """Open ``path`` for reading in binary, through gzip if its name ends ``.gz``, as a stream bounded by
    :data:`MAX_DECOMPRESSED_BYTES` (expanded bytes) and ``text_limit`` (bytes between two ``<``)."""
    path = Path(path)
    text_limit = MAX_XML_TEXT_BYTES if text_limit == -1 else text_limit
    if path.name.lower().endswith(".gz"):
        return _Bounded(gzip.open(path, "rb"), label, MAX_DECOMPRESSED_BYTES, text_limit, "expands to")
    return _Bounded(open(path, "rb"), label, MAX_DECOMPRESSED_BYTES, text_limit, "is")
