"""The plain sentences a board member reads about youth justice, from the (already suppressed) indicator table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.sections.youth_justice.indicators import change_on_previous_year
from lscb_analysis.sections.youth_justice.load import YOSData
from lscb_analysis.sections.youth_justice.reoffending import clean_period, is_annual_cohort


def availability(data: YOSData, year) -> str:
    """A plain sentence on what the data cover, or that there are none for this area."""
    y = ReportingYear(year)
    if not data.files.get("outcomes"):
        return (f"There is no local youth justice extract for {data.area}, so this section has no figures. "
                "National youth justice statistics are published by the Youth Justice Board but are not "
                "bundled with this project.")
    start, end = data.data_start, data.extract_date
    text = (f"The youth justice extract for {data.area} covers outcomes from {start:%B %Y} to {end:%d %B %Y}"
            f" (the extract date, used to decide which re-offending cohorts are final).")
    if end is not None and end < y.end:
        text += f" It ends before the close of {y.label}, so this year's figures are incomplete."
    missing = [f"{k.replace('_', ' ')}" for k, v in data.files.items() if not v]
    if missing:
        text += f" Not supplied: {', '.join(missing)}; figures that need them are not shown."
    return text


def cohort_notes(table: pd.DataFrame) -> list[str]:
    """The status of the re-offending cohorts in a table, in words: one sentence listing the final cohorts,
    then one per provisional cohort saying when it will be final."""
    re = table[table["indicator"].eq("reoffending_cohort") & table["breakdown"].eq("all")]
    if re.empty:
        return []
    re = re.assign(_annual=is_annual_cohort(re), label=clean_period(re["period"]))
    re = re.sort_values(["_annual", "cohort_start"], ascending=[False, True], kind="stable")
    final = re[re["status"].eq("final")]
    out = []
    if len(final):
        names = final["label"].tolist()
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        out.append(f"Final (every child's 12-month follow-up and 6-month waiting period has ended): "
                   f"the {listed} {'cohort' if len(names) == 1 else 'cohorts'}.")
    out += [f"{lab} cohort: {note}" for lab, note in zip(re.loc[re["status"].ne("final"), "label"],
                                                          re.loc[re["status"].ne("final"), "note"])]
    return out


def _number_of(row, noun: str, plural: str) -> str:
    """'No children', '1 child', '25 children', 'Between 1 and 5 children' (suppressed), from a table row."""
    from lscb_analysis.report import display as report

    v, sym = row["value"], str(row.get("symbol", "") or "")
    if pd.isna(v):
        return f"between 1 and 5 {plural}" if sym == "c" else f"an unknown number of {plural}"
    if v == 0:
        return f"no {plural}"
    return f"{report.format_value(v, 'count')} {noun if v == 1 else plural}"


def summary_sentences(table: pd.DataFrame, trend_table: pd.DataFrame, year) -> list[str]:
    """Plain-English sentences for a board member, built from the (already suppressed) figures: first time
    entrants and their change on the year before, custody, the latest final re-offending cohort, remands."""
    from lscb_analysis.report import display as report

    y = ReportingYear(year)
    rate_unit = "per 100,000 aged 10-17"
    out = []

    def row(t, indicator, unit, period=None, breakdown="all"):
        r = ind.select(t, indicator, unit=unit, period=period, breakdown=breakdown)
        return r.iloc[0] if len(r) else None

    def cap(text: str) -> str:
        return text[:1].upper() + text[1:]

    fte_n = row(table, "first_time_entrants", "count", y.label)
    fte_rate = row(table, "first_time_entrants", rate_unit, y.label)
    if fte_n is not None:
        text = (f"In {y.label}, {_number_of(fte_n, 'child', 'children')} entered the youth justice system for "
                f"the first time")
        if fte_rate is not None and not pd.isna(fte_rate["value"]):
            text += (f", {report.format_value(fte_rate['value'], rate_unit)} per 100,000 children aged 10-17 "
                     f"(95% confidence interval {report.format_value(fte_rate['lower'], rate_unit)} to "
                     f"{report.format_value(fte_rate['upper'], rate_unit)})")
        out.append(text + ".")
        ch = change_on_previous_year(trend_table, "first_time_entrants", rate_unit, y)
        if not np.isnan(ch["value"]) and not np.isnan(ch["previous_value"]):
            sentence = report.describe_change("The rate of first time entrants", ch["value"], ch["previous_value"],
                                              unit=rate_unit, new_label=f"in {y.label}",
                                              old_label=f"in {ch['previous']}")
            if ch["intervals_overlap"] is True:
                sentence += " The two years' confidence intervals overlap, so the change may be chance."
            elif ch["intervals_overlap"] is False:
                sentence += " The two years' confidence intervals do not overlap: the change is unlikely to be chance."
            out.append(sentence)
        change = row(table, "first_time_entrants_change", "percent", y.label)
        if change is not None and not pd.isna(change["value"]) and "Target" in str(change.get("note", "")):
            out.append(f"First time entrants changed by {report.format_value(change['value'], 'percent')}% on "
                       f"the year before. {change['note']}")
        if "too short" in str(fte_n.get("note", "")):
            out.append(str(fte_n["note"]))
    cust = row(table, "custodial_sentences", "count", y.label)
    share = row(table, "custodial_sentences", "percent", y.label)
    if cust is not None:
        text = f"{cap(_number_of(cust, 'court sentencing occasion', 'court sentencing occasions'))} in {y.label} "
        text += "ended in custody"
        if share is not None and not pd.isna(share["value"]) and share["value"] > 0:
            text += f" ({report.format_value(share['value'], 'percent')}% of court sentencing occasions)"
        out.append(text + ".")
    re = table[table["indicator"].eq("reoffending_binary_rate") & table["breakdown"].eq("all")
               & is_annual_cohort(table)]
    if len(re):
        r = re.iloc[0]
        size = row(table, "reoffending_cohort", "count", r["period"])
        label = clean_period(pd.Series([r["period"]])).iloc[0]
        if pd.isna(r["value"]):
            out.append(f"Re-offending for the {label} cohort cannot be shown. {r['note']}")
        else:
            status = ("This figure is final: the cohort's 12-month follow-up and six-month waiting period have ended."
                      if r["status"] == "final" else r["note"])
            out.append(
                f"Of the {_number_of(size, 'child', 'children')} in the {label} re-offending cohort, "
                f"{report.format_value(r['value'], 'percent')}% (95% confidence interval "
                f"{report.format_value(r['lower'], 'percent')}% to {report.format_value(r['upper'], 'percent')}%) "
                f"were proven to re-offend within 12 months. {status}")
    rem = row(table, "custody_remands", "count", y.label)
    if rem is not None:
        verb = "was" if rem["value"] == 1 else "were"
        out.append(f"{cap(_number_of(rem, 'child', 'children'))} {verb} remanded to custody in {y.label}.")
    return out
