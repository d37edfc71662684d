"""Small XLSX workbooks written by hand for the tests (the template's layout, sheet by sheet)."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def write_workbook(path: Path, sheets: dict[str, list[list]], *, hidden: tuple[str, ...] = ()) -> Path:
    """Write ``sheets`` (name -> rows, in order) to ``path``; the sheets named in ``hidden`` are hidden."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        if name in hidden:
            ws.sheet_state = "hidden"
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path
