"""The early help page's tables, built only from an indicator table, and the sentence naming the measures the
area's records do not carry (Ofsted Annex A list 2 holds assessments only)."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.report.display import cell_text as _cell
from lscb_analysis.sections.early_help.load import CLOSURE_REASONS

__all__ = ["board_tables", "not_carried_sentence"]

LINES = [("Episodes started", "early_help_episodes_started", "count"),
         ("Assessments started", "early_help_assessments_started", "count"),
         ("Assessments completed", "early_help_assessments_completed", "count"),
         ("Episodes open at 31 March", "early_help_open_at_31_march", "count"),
         ("Episodes closed", "early_help_closures", "count"),
         ("Stepped down from social care (% of starts)", "early_help_step_downs", "percent"),
         ("Returned to early help within 12 months (% of starts)", "early_help_rereferrals_within_12_months",
          "percent")]



def board_tables(table: pd.DataFrame, year: str | ReportingYear) -> dict[str, pd.DataFrame]:
    """Early help over the years the table holds, and closures by reason for the year. A measure the table
    holds no row of (one the area's records do not carry) has no line; without closures there is no closures
    table."""
    year = ReportingYear(year)
    periods = sorted(table["period"].unique())
    held = set(table["indicator"])
    summary = pd.DataFrame([{"Measure": t, **{p: _cell(table, p, i, u) for p in periods}}
                            for t, i, u in LINES if i in held])
    out = {"summary": summary.set_index("Measure")}
    if "early_help_closures" in held:
        out["closures"] = pd.DataFrame([{"Reason": r.replace("_", " ").capitalize(),
                                         "Episodes": _cell(table, year.label, "early_help_closures", "count",
                                                           f"reason:{r}"),
                                         "%": _cell(table, year.label, "early_help_closures", "percent", f"reason:{r}")}
                                        for r in CLOSURE_REASONS]).set_index("Reason")
    return out


def not_carried_sentence(not_carried: tuple[str, ...] | list[str], area: str) -> str:
    """The measures the area's records do not carry, by their titles (``core.definitions``), or "" if none."""
    if not not_carried:
        return ""
    from lscb_analysis.core import definitions

    titles = [definitions.DEFINITIONS[n].title if n in definitions.DEFINITIONS else n for n in not_carried]
    titles = [t[:1].lower() + t[1:] for t in titles]
    listed = ", ".join(titles[:-1]) + f" and {titles[-1]}" if len(titles) > 1 else titles[0]
    return (f"{area}'s early help figures come from its Ofsted Annex A return (list 2), which records early help "
            f"assessments only: it does not carry {listed}, so this page cannot show them.")
