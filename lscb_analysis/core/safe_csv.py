"""The one CSV writer for every table the project writes: text that a spreadsheet would run is neutralised.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel, LibreOffice
and Google Sheets as a formula (``=cmd|' /C calc'!A0`` starts a program; ``=HYPERLINK(...)`` sends data
away). As OWASP advises for CSV injection, such a text cell is written with a single quote in front
(``'=cmd|...``), which the spreadsheet shows as text and never runs.

Only text cells are touched: numbers in numeric columns are written exactly as before (``-3.5`` stays
``-3.5``), and so is text that is a plain number (``-1``, ``+44``), which a spreadsheet reads as a
number, never a formula. The same table always gives the same bytes (UTF-8, ``\\n`` line ends, floats
to ten significant figures).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

__all__ = ["FORMULA_START", "neutralise", "to_csv_bytes", "write_csv"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _neutral(value):
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell that a spreadsheet would read as a formula prefixed with ``'``
    (the same frame if there is none). Numeric columns are never changed."""
    out = df
    for col in df.columns:
        s = df[col]
        if not (pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype)):
            continue
        risky = s.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START))
        if risky.any():
            if out is df:
                out = df.copy()
            out[col] = s.map(_neutral)
    header = [_neutral(c) if isinstance(c, str) else c for c in out.columns]
    if header != list(out.columns):
        out = out.set_axis(header, axis=1) if out is not df else df.set_axis(header, axis=1)
    return out


def to_csv_bytes(df: pd.DataFrame, *, index: bool = False, float_format: str = "%.10g") -> bytes:
    """The CSV bytes of ``df`` after :func:`neutralise`: UTF-8, ``\\n`` line ends."""
    return neutralise(df).to_csv(index=index, lineterminator="\n", float_format=float_format).encode("utf-8")


def write_csv(df: pd.DataFrame, path: Path | str, **kwargs) -> Path:
    """Write ``df`` to ``path`` by :func:`to_csv_bytes`. Returns the path."""
    path = Path(path)
    path.write_bytes(to_csv_bytes(df, **kwargs))
    return path
