"""The private fostering page's table, built only from an indicator table."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.report.display import cell_text as _cell

__all__ = ["board_tables"]

LINES = [("Notifications received", "private_fostering_notifications", "count"),
         ("New arrangements", "private_fostering_new_arrangements", "count"),
         ("Arrangements ended", "private_fostering_ended", "count"),
         ("Arrangements at 31 March", "private_fostering_at_31_march", "count"),
         ("First visit within 7 working days of notification (%)", "private_fostering_visits_in_time", "percent")]



def board_tables(table: pd.DataFrame, year) -> dict[str, pd.DataFrame]:
    """Private fostering in every year the table holds."""
    periods = sorted(table["period"].unique())
    return {"summary": pd.DataFrame([{"Measure": t, **{p: _cell(table, p, i, u) for p in periods}}
                                     for t, i, u in LINES]).set_index("Measure")}
