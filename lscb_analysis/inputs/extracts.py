"""Plain local extracts (CSV or XLSX) read by name, with required and optional columns.

Used by the sections whose data have no official return (LADO, practice reviews, the partnership's own
records): the file is found by its stem in the section's folder, read as text (``clean.read_table``: bounds,
encodings, blank rows), its columns matched case-insensitively after trimming, and optional columns added
empty when absent. Parsing and rejections are the section loader's job.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from lscb_analysis.inputs import clean

__all__ = ["read_extract", "yes_no"]

YES_NO_ALIASES = {"y": "yes", "n": "no", "true": "yes", "false": "no", "1": "yes", "0": "no",
                  "a) yes": "yes", "b) no": "no"}


def read_extract(folder: Path, stem: str, required: Sequence[str], optional: Sequence[str],
                 rejections: clean.Rejections, *, aliases: Mapping[str, Sequence[str]] | None = None
                 ) -> tuple[pd.DataFrame | None, str]:
    """The extract ``<folder>/<stem>.csv`` (or ``.xlsx``) as text columns with ``_row``, and its label
    (``<folder name>/<file name>``) for messages; ``(None, label)`` when there is no such file."""
    folder = Path(folder)
    path = clean.find_file(folder, stem)
    label = f"{folder.name}/{stem}.csv"
    if path is None:
        return None, label
    label = f"{folder.name}/{path.name}"
    df = clean.read_table(path, rejections, label=label, header_hint=list(required))
    df = clean.require_columns(df, list(required), label,
                               aliases={**(aliases or {}), **{c: [] for c in optional}}, rejections=rejections)
    for c in optional:
        if c not in df.columns:
            df[c] = ""
    return df, label


def yes_no(values: pd.Series) -> pd.Series:
    """"yes", "no" or "" from the spellings case systems use (Y/N, true/false, 1/0, Annex A's "a) Yes")."""
    text = values.fillna("").astype(str).str.strip().str.lower()
    return text.map(lambda v: YES_NO_ALIASES.get(v, v))
