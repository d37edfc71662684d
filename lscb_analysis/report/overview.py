"""Key facts across the report's sections for one area and year (``notebooks/00_overview.ipynb``).

The overview computes nothing new: it reads the indicator tables the section notebooks wrote
to ``<processed_dir>/<area>/<year>/<section>.csv`` (``cp``, ``cdop``, ``yos``, ``training``, and
any other section that joins later), picks the headline figures a board reads first (as on the
key-facts pages of the seed reports: this year, last year, the change, England), applies
disclosure control, and says plainly which sections had no data.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core import suppression
from lscb_analysis.core.definitions import display_digits
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.core.rates import pct_change, round_half_up
from lscb_analysis.report.display import format_value

__all__ = [
    "SECTIONS",
    "KEY_FACTS",
    "LABELS",
    "check_parameters",
    "area_name",
    "load_tables",
    "files_summary",
    "local_area",
    "key_facts",
    "facts_view",
    "headlines",
    "missing_sections",
]

# the standard sections in report order: indicator-table name -> heading
SECTIONS = {
    "cp": "Child protection",
    "cdop": "Child deaths",
    "yos": "Youth justice",
    "training": "Multi-agency training",
}

# the headline indicators of each section, in the order a board reads them (every unit present is shown)
KEY_FACTS = {
    "cp": ["contacts", "referrals", "rereferrals_within_12_months", "assessments_completed",
           "assessments_within_45_working_days", "section_47_enquiries", "initial_cp_conferences",
           "icpc_within_15_working_days", "cp_plans_started", "cp_plans_second_or_subsequent",
           "cp_plans_at_31_march", "children_in_need_at_31_march", "looked_after_children_at_31_march"],
    "cdop": ["child_deaths", "child_deaths_unexpected", "sudi", "rapid_responses", "reviews_completed",
             "reviews_with_modifiable_factors", "review_days_median"],
    "yos": ["first_time_entrants", "reoffending_binary_rate", "reoffending_frequency_rate", "custodial_sentences",
            "custody_remands", "young_people_supervised"],
    "training": ["courses_delivered", "training_days", "delegates_attended", "fill_rate", "did_not_attend_rate",
                 "organisations_reached", "elearning_completions", "elearning_completion_rate", "would_recommend",
                 "confidence_before", "confidence_after"],
}

LABELS = {
    "contacts": "Contacts",
    "referrals": "Referrals",
    "rereferrals_within_12_months": "Re-referrals within 12 months",
    "referrals_nfa": "Referrals with no further action",
    "assessments_completed": "Assessments completed",
    "assessments_within_45_working_days": "Assessments completed within 45 working days",
    "section_47_enquiries": "Section 47 enquiries",
    "initial_cp_conferences": "Initial child protection conferences",
    "icpc_within_15_working_days": "Initial conferences within 15 working days",
    "cp_plans_started": "Child protection plans started",
    "cp_plans_second_or_subsequent": "Plans that were a second or subsequent plan",
    "cp_plans_at_31_march": "Children on a child protection plan at 31 March",
    "children_in_need_at_31_march": "Children in need at 31 March",
    "looked_after_children_at_31_march": "Children looked after at 31 March",
    "child_deaths": "Child deaths",
    "child_deaths_unexpected": "Unexpected child deaths",
    "sudi": "Sudden unexpected deaths in infancy",
    "rapid_responses": "Rapid responses",
    "reviews_completed": "Child death reviews completed",
    "reviews_with_modifiable_factors": "Reviews finding modifiable factors",
    "review_days_median": "Median days from death to completed review",
    "first_time_entrants": "First-time entrants to the youth justice system",
    "reoffending_binary_rate": "Young people who re-offended",
    "reoffending_frequency_rate": "Re-offences per young person in the cohort",
    "custodial_sentences": "Custodial sentences",
    "custody_remands": "Remands to youth detention",
    "young_people_supervised": "Young people supervised",
    "courses_delivered": "Courses delivered",
    "training_days": "Training days",
    "delegates_attended": "Delegates who attended",
    "fill_rate": "Places filled",
    "did_not_attend_rate": "Booked delegates who did not attend",
    "organisations_reached": "Organisations reached",
    "elearning_completions": "E-learning modules completed",
    "elearning_completion_rate": "E-learning completion rate",
    "would_recommend": "Delegates who would recommend the course",
    "confidence_before": "Confidence before training (score out of 10)",
    "confidence_after": "Confidence after training (score out of 10)",
}

COMPARATOR_NAMES = ("England",)


def label(indicator: str) -> str:
    """The plain-English name of an indicator."""
    return LABELS.get(indicator, indicator.replace("_", " ").capitalize())


def check_parameters(area: str, reporting_year, trend_years, suppress) -> ReportingYear:
    """Validate the notebook's parameters (papermill only warns about unknown ones); return the year."""
    if not isinstance(area, str) or not area.strip():
        raise ValueError(f"area must be a non-empty name, not {area!r}")
    if isinstance(trend_years, bool) or not isinstance(trend_years, int) or trend_years < 1:
        raise ValueError(f"trend_years must be a whole number of 1 or more, not {trend_years!r}")
    if not isinstance(suppress, bool):
        raise ValueError(f"suppress must be True or False, not {suppress!r}")
    return ReportingYear(reporting_year)


def area_name(area: str) -> str:
    """The area's name as its indicator tables spell it ("Exampleshire"), from its config if any."""
    try:
        from lscb_analysis.inputs import config

        return config.load_area(area).name
    except Exception:  # noqa: BLE001 - an area without a config file is named from its slug
        return area.replace("-", " ").replace("_", " ").title()


def load_tables(processed_dir, area: str, reporting_year) -> dict[str, pd.DataFrame]:
    """Every indicator table in ``<processed_dir>/<area>/<year>/``, by section name, standard sections
    first. Rejection logs (``rejections_*.csv``) are not indicator tables and are skipped."""
    year = ReportingYear(reporting_year).label
    folder = Path(processed_dir) / area / year
    found = {}
    if folder.is_dir():
        for p in sorted(folder.glob("*.csv")):
            if p.name.startswith("rejections_"):
                continue
            df = pd.read_csv(p, dtype={"area": str, "period": str, "indicator": str, "breakdown": str,
                                       "unit": str, "source": str, "symbol": str}, keep_default_na=False,
                             na_values={c: [""] for c in ("numerator", "denominator", "value", "lower", "upper")})
            found[p.stem] = ind.table(df)
    order = [s for s in SECTIONS if s in found] + sorted(s for s in found if s not in SECTIONS)
    return {s: found[s] for s in order}


def files_summary(tables: dict[str, pd.DataFrame], area: str, reporting_year) -> pd.DataFrame:
    """One row per standard or found section: the table file, its rows, and rows for this area and year."""
    year = ReportingYear(reporting_year).label
    rows = []
    for s in list(SECTIONS) + [s for s in tables if s not in SECTIONS]:
        t = tables.get(s)
        if t is None:
            rows.append({"Section": SECTIONS.get(s, s), "Indicator table": f"{s}.csv", "Rows": 0,
                         "Rows for this area and year": 0, "Status": "not found"})
            continue
        local = local_area(t, area)
        n = int((t["area"].eq(local) & t["period"].eq(year)).sum()) if local else 0
        rows.append({"Section": SECTIONS.get(s, s), "Indicator table": f"{s}.csv", "Rows": len(t),
                     "Rows for this area and year": n, "Status": "read" if n else "no figures for this year"})
    return pd.DataFrame(rows)


def local_area(table: pd.DataFrame, area: str) -> str | None:
    """Which ``area`` value in ``table`` is the report's own area: its name if present, else the most
    frequent area that is not a comparator (England, a region, an average)."""
    names = table["area"].astype(str)
    if (names == area).any():
        return area
    others = names[~names.isin(COMPARATOR_NAMES) & ~names.str.contains("average|neighbour|region", case=False)]
    if others.empty:
        return None
    return others.value_counts().index[0]


def key_facts(tables: dict[str, pd.DataFrame], area: str, reporting_year, *, suppress: bool = True) -> pd.DataFrame:
    """The headline figures for ``area`` in ``reporting_year`` and the year before, with England where
    the section's table has it.

    Columns: section, indicator, measure, unit, value, symbol, previous_value, previous_symbol,
    change_percent (the percentage change for counts and rates; NaN for percentages, scores and where
    a figure is missing), england_value, england_symbol. Disclosure control (``suppression.suppress``)
    is applied to each whole table first when ``suppress`` is True, so a hidden cell stays hidden.
    """
    year = ReportingYear(reporting_year)
    this, prev = year.label, year.previous().label
    out = []
    for section, table in tables.items():
        if table.empty:
            continue
        t = suppression.suppress(table) if suppress else table.assign(suppressed=False)
        local = local_area(t, area)
        if local is None:
            continue
        wanted = KEY_FACTS.get(section) or list(dict.fromkeys(t.loc[t["breakdown"].eq("all"), "indicator"]))
        alls = t[t["breakdown"].eq("all") & t["indicator"].isin(wanted)]
        here = alls[alls["area"].eq(local) & alls["period"].eq(this)].assign(as_of="")
        if here.empty:
            continue
        key = ["indicator", "unit"]
        # a measure reported for an earlier period (re-offending: the latest cohort whose waiting period
        # has ended) is shown for that period, named in the measure, with no previous-year comparison
        later = alls[alls["area"].eq(local) & ~alls["indicator"].isin(set(here["indicator"]))
                     & alls["period"].str.fullmatch(r"\d{4}-\d{2}") & alls["period"].lt(this)]
        if len(later):
            latest = later[later["period"].eq(later.groupby("indicator")["period"].transform("max"))]
            here = pd.concat([here, latest.assign(as_of=latest["period"])], ignore_index=True)
        before = alls[alls["area"].eq(local) & alls["period"].eq(prev) & alls["indicator"].isin(
            set(here.loc[here["as_of"].eq(""), "indicator"]))][key + ["value", "symbol"]]
        england = alls[alls["area"].eq("England") & alls["period"].eq(this)][key + ["value", "symbol"]]
        rows = (here[key + ["value", "symbol", "as_of"]]
                .merge(before.rename(columns={"value": "previous_value", "symbol": "previous_symbol"}), on=key, how="left")
                .merge(england.rename(columns={"value": "england_value", "symbol": "england_symbol"}), on=key, how="left"))
        rows["section"] = section
        rows["order"] = rows["indicator"].map({name: i for i, name in enumerate(wanted)})
        out.append(rows)
    cols = ["section", "indicator", "measure", "unit", "value", "symbol", "previous_value", "previous_symbol",
            "change_percent", "england_value", "england_symbol"]
    if not out:
        return pd.DataFrame(columns=cols)
    facts = pd.concat(out, ignore_index=True)
    facts["unit_order"] = facts["unit"].map(lambda u: 0 if u == "count" else 1)
    section_order = {s: i for i, s in enumerate(tables)}
    facts = facts.sort_values(["section", "order", "unit_order"], key=lambda c: c.map(section_order)
                              if c.name == "section" else c, kind="stable").reset_index(drop=True)
    for c in ("symbol", "previous_symbol", "england_symbol"):
        facts[c] = facts[c].fillna("").astype(str)
    facts["measure"] = facts["indicator"].map(label) + facts["as_of"].map(lambda p: f" ({p})" if p else "")
    is_level = facts["unit"].eq("count") | facts["unit"].isin(list(ind.RATE_UNITS))
    change = np.asarray(pct_change(facts["value"].to_numpy(dtype=float), facts["previous_value"].to_numpy(dtype=float)),
                        dtype=float)
    facts["change_percent"] = np.where(is_level, change, np.nan)
    return facts[cols]


def facts_view(facts: pd.DataFrame, reporting_year) -> pd.DataFrame:
    """A display table of key facts: measure, unit, this year, last year, change, England (if any),
    each cell rounded half up for its unit; suppressed cells show 'c', missing ones 'x'."""
    year = ReportingYear(reporting_year)
    # each figure to the places its definition gives (training days: 33.5, as on the training page)
    digits = [display_digits(i, u) for i, u in zip(facts["indicator"], facts["unit"])]
    view = pd.DataFrame({
        "Measure": facts["measure"],
        "Unit": facts["unit"].replace({"count": "number"}),
        year.label: [format_value(v, u, s, d) for v, u, s, d in
                     zip(facts["value"], facts["unit"], facts["symbol"], digits)],
        year.previous().label: [format_value(v, u, s, d) if (pd.notna(v) or s) else "x" for v, u, s, d in
                                zip(facts["previous_value"], facts["unit"], facts["previous_symbol"], digits)],
        "Change": [_change_text(c, u) for c, u in zip(facts["change_percent"], facts["unit"])],
    })
    if facts["england_value"].notna().any() or facts["england_symbol"].ne("").any():
        view["England"] = [format_value(v, u, s, d) for v, u, s, d in
                           zip(facts["england_value"], facts["unit"], facts["england_symbol"], digits)]
    return view.reset_index(drop=True)


def _change_text(change: float, unit: str) -> str:
    if unit not in ("count", *ind.RATE_UNITS) or pd.isna(change) or not np.isfinite(change):
        return ""
    c = round_half_up(change, 1)
    return "no change" if c == 0 else f"{'+' if c > 0 else '−'}{abs(c):.1f}%"


def headlines(facts: pd.DataFrame, reporting_year, *, limit_per_section: int = 2) -> list[str]:
    """Plain sentences for a board member from the key facts: for each section, its first measures
    with a figure for both years, saying whether they rose or fell (suppressed figures are never
    described)."""
    from lscb_analysis.report.display import describe_change

    year = ReportingYear(reporting_year)
    out = []
    for section, group in facts.groupby("section", sort=False):
        said = 0
        for _, f in group.iterrows():
            if said >= limit_per_section:
                break
            if f["symbol"] or f["previous_symbol"] or pd.isna(f["value"]) or pd.isna(f["previous_value"]):
                continue
            out.append(describe_change(f"{SECTIONS.get(section, section)}: {f['measure']}"
                                       + ("" if f["unit"] in ("count", "percent", "score", "days")
                                          else f" ({f['unit']})"),
                                       f["value"], f["previous_value"], unit=f["unit"],
                                       new_label=f"in {year.label}", old_label=f"in {year.previous().label}",
                                       digits=display_digits(f["indicator"], f["unit"])))
            said += 1
    return out


def missing_sections(tables: dict[str, pd.DataFrame], facts: pd.DataFrame, area: str, reporting_year) -> list[str]:
    """A sentence for each standard section with no figures for the area and year."""
    year = ReportingYear(reporting_year).label
    with_facts = set(facts["section"]) if len(facts) else set()
    out = []
    for s, title in SECTIONS.items():
        if s in with_facts:
            continue
        if s not in tables:
            out.append(f"{title}: no figures were produced for {area} in {year} (the section's indicator "
                       f"table, {s}.csv, was not found).")
        else:
            out.append(f"{title}: the section's indicator table has no headline figures for {area} in {year}.")
    return out
