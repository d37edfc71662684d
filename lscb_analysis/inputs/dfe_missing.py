"""England's published figures on looked-after children who went missing, as an indicator table.

Source: DfE, "Children looked after in England including adoptions" (missing incidents, Official Statistics),
held in ``data/raw/dfe/cla_missing_england.csv`` (or ``$LSCB_DFE_DIR``), one row per published figure with the
address of the page it was taken from (see that folder's README). Only the figures found published are held: the
number and percentage of children looked after during the year who had a missing incident (year ending 31 March
2022), missing incidents (2022, 2024, 2025), children looked after during the year and the average number of missing
incidents per looked-after child who went missing (2025). ``time_period`` 2022 is the year ending 31 March 2022
(reporting year 2021-22). DfE rounds national counts to the nearest 10 and percentages to whole numbers; the figures
are kept as published (no limits).
"""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear, as_years

__all__ = ["england", "FILE", "SOURCE"]

FILE = "cla_missing_england.csv"
SOURCE = "DfE, Children looked after in England including adoptions (missing incidents)"


def england(years=None) -> pd.DataFrame:
    """England's published figures as an indicator table (area "England"), for ``years`` (reporting years) or all
    held; an empty table when the file is not there."""
    from lscb_analysis.inputs.dfe import data_dir

    path = data_dir() / FILE
    if not path.is_file():
        return ind.empty()
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    wanted = None if years is None else {y.label for y in as_years(years if not isinstance(years, str) else [years])}
    rows = []
    for tp, name, unit, number in zip(df["time_period"], df["indicator"], df["unit"], df["number"]):
        period = ReportingYear(int(tp) - 1).label
        if wanted is not None and period not in wanted:
            continue
        value = float(number)
        rows.append(ind.count_row("England", period, name, value, source=SOURCE) if unit == "count" else
                    ind.value_row("England", period, name, value, unit, source=SOURCE))
    return ind.table(rows)
