"""The one XLSX reader (lscb_analysis.inputs.xlsx): cells as openpyxl gave them whichever library reads them,
every row whatever the sheet's declared dimensions say, formula errors kept as their codes, a DTD refused."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from workbooks import write_workbook

from lscb_analysis.inputs import clean, xlsx


def _book(path: Path, rows: list[list], *, hidden_first: bool = False) -> Path:
    sheets = {"Old copy": [["an old copy"]], "Data": rows} if hidden_first else {"Data": rows}
    return write_workbook(path, sheets, hidden=("Old copy",))


def _rewrite(path: Path, part: str, edit) -> None:
    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            zf.writestr(info, edit(data) if info.filename == part else data)


ROWS = [["child_id", "date_of_birth", "count"], ["A1", dt.datetime(2015, 1, 2), 3], ["B2", dt.datetime(2016, 3, 4), 0]]


def test_cells_come_back_as_openpyxl_gave_them(tmp_path):
    wb = xlsx.load_workbook(_book(tmp_path / "a.xlsx", ROWS), "a.xlsx")
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[1] == ("A1", dt.datetime(2015, 1, 2), 3)  # a date as a datetime at midnight, 3 as an int
    assert rows[2][2] == 0 and isinstance(rows[2][2], int)


def test_hidden_sheets_are_marked(tmp_path):
    wb = xlsx.load_workbook(_book(tmp_path / "h.xlsx", ROWS, hidden_first=True), "h.xlsx")
    assert [(ws.title, ws.sheet_state) for ws in wb.worksheets] == [("Old copy", "hidden"), ("Data", "visible")]


@pytest.mark.parametrize("with_error", [False, True])
def test_every_row_is_read_whatever_the_declared_dimensions(tmp_path, with_error):
    rows = [r[:] for r in ROWS]
    path = _book(tmp_path / "d.xlsx", rows)
    sheet = "xl/worksheets/sheet1.xml"

    def edit(data: bytes) -> bytes:
        data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:A1"/>', data)
        if with_error:  # the last cell becomes a formula error: openpyxl reads this workbook, keeping #N/A
            data = data.replace(b'<c r="C3" t="n"><v>0</v></c>', b'<c r="C3" t="e"><v>#N/A</v></c>')
        return data

    _rewrite(path, sheet, edit)
    got = list(xlsx.load_workbook(path, "d.xlsx").worksheets[0].iter_rows(values_only=True))
    assert len(got) == 3 and got[2][0] == "B2"
    assert got[2][2] == ("#N/A" if with_error else 0)


def test_a_part_declaring_a_dtd_is_refused(tmp_path):
    path = _book(tmp_path / "x.xlsx", ROWS)
    _rewrite(path, "xl/worksheets/sheet1.xml",
             lambda d: b'<!DOCTYPE worksheet [<!ENTITY a "b">]>' + d)
    with pytest.raises(clean.InputError, match="cannot be read as an Excel workbook"):
        xlsx.load_workbook(path, "x.xlsx")
