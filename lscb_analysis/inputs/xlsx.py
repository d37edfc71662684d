"""Reading an XLSX workbook: the one reader behind Ofsted Annex A workbooks, local extracts saved from Excel
and the publication check's search of the raw files.

The cells are read by ``python-calamine`` (the Rust ``calamine`` reader, the engine behind
``pandas.read_excel(engine="calamine")``): on Exampleshire's Annex A workbook (4 sheets, 46,000 cells) it takes
0.05 s where openpyxl's read-only mode took 0.8 s. Before anything is expanded, the zip's declared sizes and
each worksheet's rows and cells are checked (:func:`lscb_analysis.inputs.limits.check_xlsx_zip`), and calamine
expands no entities and fetches nothing, so a hostile workbook is refused or read as text. Calamine reads a
formula-error cell (``#N/A``) as a blank, so a workbook with any (counted by the same check) is read by openpyxl,
which keeps their codes: the readers then say "not a valid date" rather than "missing".

:func:`load_workbook` gives the small part of openpyxl's read-only interface the readers use (``worksheets``,
each with ``title``, ``sheet_state`` and ``iter_rows(values_only=True)``; ``close()``), with each cell as
openpyxl gave it, so that the text the readers make of a cell is unchanged: a blank is ``None``, a date or
date-time a ``datetime`` (midnight for a date), a whole number an ``int``, a formula its cached value, an error
its code (``#N/A``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

__all__ = ["load_workbook", "Workbook", "Worksheet", "cell_value"]


def cell_value(value):
    """A cell as openpyxl's read-only mode gives it (module docstring)."""
    if type(value) is str:  # most cells: text as it is, a blank as None
        return value or None
    if value is None:
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 1e16 else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


class Worksheet:
    """One sheet: its name, whether it is shown (``sheet_state``: "visible", "hidden" or "veryHidden") and
    its rows from A1 (rows and columns before the first value kept, so that row numbers are the sheet's)."""

    def __init__(self, book, index: int, title: str, sheet_state: str):
        self._book, self._index = book, index
        self.title, self.sheet_state = title, sheet_state

    def iter_rows(self, values_only: bool = True) -> Iterator[tuple]:
        rows = self._book.get_sheet_by_index(self._index).to_python(skip_empty_area=False)
        for row in rows:
            yield tuple(map(cell_value, row))


class Workbook:
    """An open workbook (:func:`load_workbook`): ``worksheets`` in the workbook's order."""

    def __init__(self, book):
        self._book = book
        from python_calamine import SheetTypeEnum, SheetVisibleEnum

        def state(visible) -> str:  # calamine's enum members compare equal but cannot be hashed
            return "visible" if visible == SheetVisibleEnum.Visible else \
                "veryHidden" if visible == SheetVisibleEnum.VeryHidden else "hidden"

        self.worksheets = [Worksheet(book, i, m.name, state(m.visible))
                           for i, m in enumerate(book.sheets_metadata) if m.typ == SheetTypeEnum.WorkSheet]

    def close(self) -> None:
        close = getattr(self._book, "close", None)
        if close is not None:
            close()


def load_workbook(path: Path | str, label: str) -> Workbook:
    """Open ``path`` for reading after :func:`limits.check_xlsx_zip`. Raises :class:`InputError` (naming the
    file as ``label`` and the error's type only: an error's text may quote a cell) for anything that is not a
    readable workbook."""
    from python_calamine import CalamineWorkbook

    from lscb_analysis.inputs import limits
    from lscb_analysis.inputs.clean import InputError

    path = Path(path)
    formula_errors = limits.check_xlsx_zip(path, label)
    try:
        if formula_errors:
            return _with_openpyxl(path)
        return Workbook(CalamineWorkbook.from_path(str(path)))
    except Exception as exc:  # both readers raise several types for broken or hostile files
        raise InputError(f"cannot be read as an Excel workbook ({type(exc).__name__})", file=label) from exc


def _with_openpyxl(path: Path):
    """A workbook with formula-error cells, read by openpyxl (read-only, cached values; defusedxml refuses
    entities): calamine reads an error cell as a blank (python-calamine issue 105), and a loader must say
    "not a valid date" for ``#N/A``, not "missing"."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in wb.worksheets:
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # a sheet's declared dimensions may be wrong: read what is there
    return wb
