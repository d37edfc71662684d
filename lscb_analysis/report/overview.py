"""Key facts across the report's sections for one area and year (``notebooks/00_overview.ipynb``).

The overview computes no new figure: it reads the indicator tables the section notebooks wrote to
``<processed_dir>/<area>/<year>/<section>.csv`` (``cp``, ``cdop``, ``yos``, ``training``, and any
section that joins later; ``context`` is the context page's and is not a key fact), and, for the year
before, the same tables or the previous year's folder beside them. Beside each figure it puts the
published comparators (England and the statistical neighbours' average, from
:func:`lscb_analysis.inputs.dfe.comparators`), says whether the figure is significantly different
from England (its 95% interval excludes England's figure), and picks the headlines a board reads
first by what changed most or differs significantly from England.

Each measure appears once: as a percentage where it is one, else as a rate (the number is shown
beside it), else as a number. Disclosure control is applied to each whole section table first.
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
    "NOTEBOOKS",
    "KEY_FACTS",
    "LABELS",
    "NOT_KEY_FACTS",
    "check_parameters",
    "area_name",
    "load_tables",
    "files_summary",
    "local_area",
    "comparator_table",
    "key_facts",
    "facts_view",
    "headlines",
    "missing_sections",
    "coverage_sentence",
    "show_what_changed",
]

# the standard sections in report order: indicator-table name -> heading
SECTIONS = {
    "cp": "Child protection",
    "cdop": "Child deaths",
    "yos": "Youth justice",
    "training": "Multi-agency training",
    "front_door": "The front door",
    "early_help": "Early help",
    "missing": "Children missing from home and care",
    "exploitation": "Exploitation",
    "private_fostering": "Private fostering",
    "lado": "Allegations against people who work with children",
    "reviews": "Practice reviews",
    "partnership": "The partnership's own business",
}
# indicator-table name -> the notebook (page) that writes it: the commentary file's name
NOTEBOOKS = {"cp": "01_child_protection", "cdop": "02_child_deaths", "yos": "03_youth_justice",
             "training": "04_training", "context": "05_context", "lado": "06_lado", "reviews": "07_practice_reviews",
             "partnership": "08_partnership", "front_door": "09_front_door", "early_help": "10_early_help",
             "missing": "11_missing_children", "exploitation": "12_exploitation",
             "private_fostering": "13_private_fostering"}
# tables in the processed folder that are not report sections with key facts
NOT_KEY_FACTS = {"context"}

# the headline indicators of each section, in the order a board reads them
KEY_FACTS = {
    "cp": ["contacts", "referrals", "rereferrals_within_12_months", "assessments_completed",
           "assessments_within_45_working_days", "section_47_enquiries", "initial_cp_conferences",
           "icpc_within_15_working_days", "cp_plans_started", "cp_plans_second_or_subsequent",
           "cp_plans_at_31_march", "cp_reviews_in_timescale", "children_in_need_at_31_march",
           "looked_after_children_at_31_march"],
    "cdop": ["child_deaths", "child_deaths_unexpected", "sudi", "rapid_responses", "reviews_completed",
             "reviews_with_modifiable_factors", "review_days_median"],
    "yos": ["first_time_entrants", "reoffending_binary_rate", "reoffending_frequency_rate", "custodial_sentences",
            "custody_remands", "young_people_supervised"],
    "training": ["courses_delivered", "training_days", "delegates_attended", "fill_rate", "did_not_attend_rate",
                 "organisations_reached", "elearning_completions", "elearning_completion_rate", "would_recommend",
                 "confidence_before", "confidence_after"],
    "front_door": ["contacts_leading_to_referral", "contacts_decided_within_1_working_day", "repeat_contacts",
                   "referrals_to_assessment", "assessed_not_in_need"],
    "early_help": ["early_help_episodes_started", "early_help_assessments_completed", "early_help_open_at_31_march",
                   "early_help_step_downs", "early_help_rereferrals_within_12_months"],
    "missing": ["children_missing", "missing_episodes", "children_missing_3_or_more", "return_interviews_offered",
                "return_interviews_within_72_hours", "looked_after_children_missing",
                "annex_a_children_in_care_missing"],
    "exploitation": ["children_identified_at_risk_of_exploitation", "children_at_risk_of_exploitation_at_31_march",
                     "assessments_with_exploitation_factors", "exploitation_panel_children"],
    "private_fostering": ["private_fostering_notifications", "private_fostering_at_31_march",
                          "private_fostering_visits_in_time"],
    "lado": ["lado_referrals", "lado_repeat_referrals", "lado_initial_consideration_within_1_working_day",
             "lado_resolved_within_1_month"],
    "reviews": ["serious_incident_notifications", "rapid_reviews", "rapid_reviews_within_15_working_days",
                "lcspr_commissioned", "review_actions", "review_actions_with_impact_evidence"],
    "partnership": ["partner_contributions", "multi_agency_audits", "section11_standards_met", "board_attendance"],
}

# a headline shown only where its section has no figure for the other: children missing from care from Annex A
# list 8 where the SSDA903 return's missing table is not held
INSTEAD_OF = {"annex_a_children_in_care_missing": "looked_after_children_missing"}

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
    "cp_plans_second_or_subsequent": "Repeat plans (second or subsequent plan)",
    "cp_plans_at_31_march": "Children on a child protection plan at 31 March",
    "cp_reviews_in_timescale": "Child protection reviews held on time",
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
NEIGHBOURS = "Statistical neighbours"
# which unit stands for a measure on the key facts page (first found): a percentage, else the number (its
# rate per population beside it, compared with England), else the rest
UNIT_PREFERENCE = ["percent", "count", *ind.RATE_UNITS, "days", "score", "ratio"]
# measures shown as their number even though the section also gives a percentage
SHOW_AS_NUMBER = {"custodial_sentences", "child_deaths_unexpected"}
# a change smaller than this (in % for levels, in percentage points for percentages) is not a headline
# unless the figure differs significantly from England
HEADLINE_MIN_CHANGE = 1.0


def label(indicator: str) -> str:
    """The plain-English name of an indicator: the key facts page's own wording where it has one, else the
    title in ``core/definitions.py``."""
    if indicator in LABELS:
        return LABELS[indicator]
    from lscb_analysis.core import definitions

    try:
        return definitions.lookup(indicator).title
    except KeyError:
        return indicator.replace("_", " ").capitalize()


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


def _read_table(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype={"area": str, "period": str, "indicator": str, "breakdown": str,
                                  "unit": str, "source": str, "symbol": str}, keep_default_na=False,
                     na_values={c: [""] for c in ("numerator", "denominator", "value", "lower", "upper")})
    return ind.table(df)


def load_tables(processed_dir, area: str, reporting_year, *, previous: bool = True) -> dict[str, pd.DataFrame]:
    """Every indicator table in ``<processed_dir>/<area>/<year>/``, by section name, standard sections
    first. Rejection logs (``rejections_*.csv``) are not indicator tables and are skipped.

    With ``previous``, rows for the year before that a table lacks are taken from the same section's
    table in ``<processed_dir>/<area>/<previous year>/`` when it is there (the section's own figures
    for that year, as its page printed them)."""
    year = ReportingYear(reporting_year)
    folder = Path(processed_dir) / area / year.label
    before = Path(processed_dir) / area / year.previous().label
    found = {}
    if folder.is_dir():
        for p in sorted(folder.glob("*.csv")):
            if p.name.startswith("rejections_"):
                continue
            t = _read_table(p)
            old = before / p.name
            prev = year.previous().label
            if previous and old.is_file() and not t["period"].eq(prev).any():
                o = _read_table(old)
                o = o[o["period"].eq(prev)]
                if len(o):
                    t = ind.table(pd.concat([t, o], ignore_index=True))
            found[p.stem] = t
    order = [s for s in SECTIONS if s in found] + sorted(s for s in found if s not in SECTIONS)
    return {s: found[s] for s in order}


def files_summary(tables: dict[str, pd.DataFrame], area: str, reporting_year) -> pd.DataFrame:
    """One row per standard or found section: the table file, its rows, and rows for this area and year
    (for the appendix: the board page says in one sentence which sections have figures)."""
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
        rows.append({"Section": SECTIONS.get(s, s.replace("_", " ").capitalize()), "Indicator table": f"{s}.csv",
                     "Rows": len(t),
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


def has_published_comparators(table: pd.DataFrame) -> bool:
    """Whether any of the table's indicators is one DfE publishes (its definition names a ``published``
    figure): only then can :func:`comparator_table` give anything to compare it with."""
    from lscb_analysis.core import definitions

    return any(definitions.is_documented(i) and definitions.lookup(i).published
               for i in table["indicator"].unique())


def comparator_table(area: str, reporting_year) -> pd.DataFrame:
    """England, region and statistical neighbours' average for this year and the year before
    (:func:`lscb_analysis.inputs.dfe.comparators`); an empty table if the published statistics cannot
    be read or the area is unknown to them."""
    year = ReportingYear(reporting_year)
    try:
        from lscb_analysis.inputs import dfe

        return dfe.comparators(area, [year.label, year.previous().label])
    except Exception:  # noqa: BLE001 - no published comparators: the page shows the area's figures alone
        return ind.empty()


def _pick_units(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator: the unit that stands for the measure (:data:`UNIT_PREFERENCE`)."""
    rank = {u: i for i, u in enumerate(UNIT_PREFERENCE)}
    r = rows.assign(_rank=[-1 if (name in SHOW_AS_NUMBER and u == "count") else rank.get(u, len(rank))
                           for name, u in zip(rows["indicator"], rows["unit"])])
    return r.sort_values("_rank", kind="stable").drop_duplicates("indicator").drop(columns="_rank")


def _significance(value, lower, upper, other) -> str:
    """'above', 'below', 'similar' (95% interval includes ``other``) or '' (no interval or comparator)."""
    if any(pd.isna(x) for x in (value, lower, upper, other)):
        return ""
    if lower > other:
        return "above"
    if upper < other:
        return "below"
    return "similar"


def _previous_from_change_rows(rows: pd.DataFrame, this_year: pd.DataFrame) -> pd.DataFrame:
    """Last year's figure where the section's table has no row for it but gives the change itself in an
    ``<indicator>_change`` row (the training section): for a percentage change ``c`` of a figure ``v``,
    last year was ``v / (1 + c / 100)``; for a change in percentage points or score, ``v - c``. A hidden
    change row leaves last year hidden."""
    need = rows["previous_value"].isna() & rows["previous_symbol"].fillna("").eq("") & rows["value"].notna()
    if not need.any():
        return rows
    changes = this_year.set_index("indicator")
    rows = rows.copy()
    for i in rows.index[need]:
        name = f"{rows.at[i, 'indicator']}_change"
        if name not in changes.index:
            continue
        c = changes.loc[[name]].iloc[0]
        if c.get("symbol", ""):
            rows.at[i, "previous_symbol"] = c["symbol"]
            continue
        v, d = float(rows.at[i, "value"]), float(c["value"])
        if pd.isna(d):
            continue
        if c["unit"] == "percent" and rows.at[i, "unit"] != "percent":
            rows.at[i, "previous_value"] = v / (1 + d / 100) if d != -100 else np.nan
        elif c["unit"] in ("percentage points", "score", rows.at[i, "unit"]):
            rows.at[i, "previous_value"] = v - d
    return rows


def key_facts(tables: dict[str, pd.DataFrame], area: str, reporting_year, *, suppress: bool = True,
              comparators: pd.DataFrame | None = None) -> pd.DataFrame:
    """The headline figures for ``area`` in ``reporting_year``: one row per measure, never a measure
    twice (a number and its rate are one row).

    Columns: section, indicator, measure, unit, value, symbol (the figure: a percentage where the
    measure is one, else the number, else a median, score or ratio), previous_value, previous_symbol,
    change (percentage change; percentage-point difference for percentages), change_unit ("%" or
    "points"), rate, rate_symbol, rate_unit (the number per population, where the section gives it),
    compared_unit (the unit compared with England: the rate for a number, else the figure's own),
    lower, upper (the compared figure's 95% limits), england_value, england_symbol, neighbours_value,
    neighbours_symbol (England and the statistical neighbours' average in ``compared_unit``),
    vs_england ("above", "below", "similar": the compared figure's 95% interval is above, below or
    includes England's; "" when either is missing), as_of (the earlier period a measure is reported for,
    e.g. a re-offending cohort; such a measure has no previous-year comparison).

    Comparators come from the section's own table when it has England's rows, else from
    ``comparators`` (England and the statistical neighbours, see :func:`comparator_table`).
    Disclosure control (``suppression.suppress``) is applied to each whole section table first when
    ``suppress`` is True, so a hidden cell stays hidden.
    """
    year = ReportingYear(reporting_year)
    this, prev = year.label, year.previous().label
    comp = comparators if comparators is not None and len(comparators) else ind.empty()
    if "symbol" not in comp.columns:
        comp = comp.assign(symbol="")
    comp_all = comp[comp["breakdown"].eq("all")]
    out = []
    for section, table in tables.items():
        if table.empty or section in NOT_KEY_FACTS:
            continue
        t = suppression.suppress(table) if suppress else table.assign(suppressed=False)
        local = local_area(t, area)
        if local is None:
            continue
        wanted = KEY_FACTS.get(section) or list(dict.fromkeys(t.loc[t["breakdown"].eq("all"), "indicator"]))
        alls = t[t["breakdown"].eq("all") & t["indicator"].isin(wanted)]
        held = set(alls["indicator"])
        alls = alls[~alls["indicator"].isin({i for i, other in INSTEAD_OF.items() if other in held})]
        mine = alls[alls["area"].eq(local)]
        here = mine[mine["period"].eq(this)].assign(as_of="")
        # a measure reported for an earlier period (re-offending: the latest cohort whose waiting period
        # has ended) is shown for that period, named in the measure, with no previous-year comparison
        later = mine[~mine["indicator"].isin(set(here["indicator"]))
                     & mine["period"].str.fullmatch(r"\d{4}-\d{2}") & mine["period"].lt(this)]
        if len(later):
            latest = later[later["period"].eq(later.groupby("indicator")["period"].transform("max"))]
            here = pd.concat([here, latest.assign(as_of=latest["period"])], ignore_index=True)
        if here.empty:
            continue
        rows = _pick_units(here)[["indicator", "period", "unit", "value", "symbol", "lower", "upper", "as_of"]]
        rate_rows = here[here["unit"].isin(list(ind.RATE_UNITS))].drop_duplicates("indicator")
        rates = rate_rows[["indicator", "period", "unit", "value", "symbol", "lower", "upper"]].rename(
            columns={"unit": "rate_unit", "value": "rate", "symbol": "rate_symbol", "lower": "rate_lower",
                     "upper": "rate_upper"})
        rows = rows.merge(rates, on=["indicator", "period"], how="left")
        has_rate = rows["unit"].eq("count") & rows["rate_unit"].notna()
        rows.loc[~has_rate, ["rate", "rate_symbol", "rate_unit"]] = [np.nan, "", ""]
        rows["compared_unit"] = np.where(has_rate, rows["rate_unit"], rows["unit"])
        rows["lower"] = np.where(has_rate, rows["rate_lower"], rows["lower"])
        rows["upper"] = np.where(has_rate, rows["rate_upper"], rows["upper"])
        key = ["indicator", "unit"]
        before = mine[mine["period"].eq(prev)][key + ["value", "symbol"]]
        rows = rows.merge(before.rename(columns={"value": "previous_value", "symbol": "previous_symbol"}),
                          on=key, how="left")
        rows = _previous_from_change_rows(rows, t[t["area"].eq(local) & t["period"].eq(this) & t["breakdown"].eq("all")])
        rows.loc[rows["as_of"].ne(""), ["previous_value", "previous_symbol"]] = [np.nan, ""]
        own_eng = alls[alls["area"].eq("England")]
        eng_src = own_eng if len(own_eng) else comp_all[comp_all["area"].eq("England")]
        ckey = ["indicator", "compared_unit", "period"]
        eng = eng_src.rename(columns={"unit": "compared_unit", "value": "england_value",
                                      "symbol": "england_symbol"})[ckey + ["england_value", "england_symbol"]]
        sn = comp_all[comp_all["area"].eq(NEIGHBOURS)].rename(
            columns={"unit": "compared_unit", "value": "neighbours_value", "symbol": "neighbours_symbol"}
        )[ckey + ["neighbours_value", "neighbours_symbol"]]
        rows = rows.merge(eng, on=ckey, how="left").merge(sn, on=ckey, how="left")
        rows["section"] = section
        rows["order"] = rows["indicator"].map({name: i for i, name in enumerate(wanted)})
        out.append(rows.sort_values("order", kind="stable"))
    cols = ["section", "indicator", "measure", "unit", "value", "symbol", "previous_value", "previous_symbol",
            "change", "change_unit", "rate", "rate_symbol", "rate_unit", "compared_unit", "lower", "upper",
            "england_value", "england_symbol", "neighbours_value", "neighbours_symbol", "vs_england", "as_of"]
    if not out:
        return pd.DataFrame(columns=cols)
    facts = pd.concat(out, ignore_index=True)
    for c in ("symbol", "rate_symbol", "rate_unit", "previous_symbol", "england_symbol", "neighbours_symbol",
              "as_of"):
        facts[c] = facts[c].fillna("").astype(str)
    facts["measure"] = facts["indicator"].map(label) + facts["as_of"].map(lambda p: f" ({p})" if p else "")
    is_pct = facts["unit"].eq("percent")
    value = facts["value"].to_numpy(dtype=float)
    old = facts["previous_value"].to_numpy(dtype=float)
    facts["change"] = np.where(is_pct, value - old, np.asarray(pct_change(value, old), dtype=float))
    facts["change_unit"] = np.where(is_pct, "points", "%")
    compared = np.where(facts["rate_unit"].ne(""), facts["rate"], facts["value"])
    facts["vs_england"] = [_significance(v, lo, hi, e) for v, lo, hi, e in
                           zip(compared, facts["lower"], facts["upper"], facts["england_value"])]
    return facts[cols].reset_index(drop=True)


_UNIT_WORDS = {"count": "number", "percent": "%", "days": "days", "score": "score", "ratio": "ratio"}


def _unit_text(unit: str) -> str:
    return _UNIT_WORDS.get(unit, unit)


def _change_text(change: float, change_unit: str) -> str:
    if pd.isna(change) or not np.isfinite(change):
        return ""
    c = round_half_up(change, 1)
    if c == 0:
        return "no change"
    sign = "+" if c > 0 else "−"
    return f"{sign}{abs(c):.1f}{'%' if change_unit == '%' else ' points'}"


_VS = {"above": "significantly above", "below": "significantly below", "similar": "not significantly different",
       "": ""}


def facts_view(facts: pd.DataFrame, reporting_year, *, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """A display table of key facts: measure, unit, this year, last year, change, the rate behind a
    number, England and the statistical neighbours (for a number: their rates), and whether the figure
    differs significantly from England; each cell rounded half up for its unit; suppressed cells show
    'c', missing ones 'x'. With ``targets`` (:func:`lscb_analysis.report.targets.assess`), a Target
    column in words."""
    year = ReportingYear(reporting_year)
    units = [_unit_text(u) + (f"; rate {r}" if r else "") for u, r in zip(facts["unit"], facts["rate_unit"])]
    # each figure to the places its definition gives (training days: 33.5, as on the training page)
    digits = [display_digits(i, u) for i, u in zip(facts["indicator"], facts["unit"])]
    view = pd.DataFrame({
        "Measure": facts["measure"].to_numpy(),
        "Unit": units,
        year.label: [format_value(v, u, s, d) for v, u, s, d in
                     zip(facts["value"], facts["unit"], facts["symbol"], digits)],
        year.previous().label: ["" if a else format_value(v, u, s, d) for v, u, s, a, d in
                                zip(facts["previous_value"], facts["unit"], facts["previous_symbol"], facts["as_of"],
                                    digits)],
        "Change": [_change_text(c, cu) for c, cu in zip(facts["change"], facts["change_unit"])],
    })
    if facts["rate_unit"].ne("").any():
        view["Rate"] = ["" if not ru else format_value(r, ru, s)
                        for r, s, ru in zip(facts["rate"], facts["rate_symbol"], facts["rate_unit"])]
    if facts["england_value"].notna().any() or facts["england_symbol"].ne("").any():
        view["England"] = ["" if (pd.isna(v) and not s) else format_value(v, u, s)
                           for v, u, s in zip(facts["england_value"], facts["compared_unit"], facts["england_symbol"])]
        view["Compared with England"] = facts["vs_england"].map(_VS).to_numpy()
    if facts["neighbours_value"].notna().any():
        view["Statistical neighbours"] = ["" if pd.isna(v) else format_value(v, u)
                                          for v, u in zip(facts["neighbours_value"], facts["compared_unit"])]
    if targets is not None and len(targets):
        from lscb_analysis.report.targets import STATUS

        status = {r.indicator: f"{STATUS[r.status][1]} {STATUS[r.status][0]}" for r in targets.itertuples()}
        view["Target"] = [status.get(i, "") for i in facts["indicator"]]
    return view.reset_index(drop=True)


def _headline_score(f) -> float:
    """How much a fact deserves a headline: its change on last year (relative, in %) and +100 when it
    differs significantly from England. NaN when it cannot be a headline."""
    if f["symbol"] or pd.isna(f["value"]):
        return np.nan
    sig = f["vs_england"] in ("above", "below")
    change = f["change"]
    if pd.isna(change) or not np.isfinite(change):
        size = 0.0
    elif f["change_unit"] == "points":
        size = abs(change) / f["previous_value"] * 100 if f["previous_value"] else abs(change)
        if abs(change) < HEADLINE_MIN_CHANGE:
            size = 0.0
    else:
        size = abs(change) if abs(change) >= HEADLINE_MIN_CHANGE else 0.0
    if not sig and size == 0.0:
        return np.nan
    return size + (100.0 if sig else 0.0)


def _shown(value, unit: str) -> str:
    return format_value(value, unit) + ("%" if unit == "percent" else "")


def _headline(f, year: ReportingYear) -> str:
    """One sentence: the change on last year (for a number, of the number), and how the figure (for a
    number, its rate) compares with England where it differs significantly."""
    from lscb_analysis.report.display import describe_change

    what, unit = f["measure"], f["unit"]
    if unit in ind.RATE_UNITS:
        what = f"{what} ({unit})"
    if not (pd.isna(f["previous_value"]) or f["previous_symbol"]):
        text = describe_change(what, f["value"], f["previous_value"], unit=unit,
                               new_label=f"in {year.label}", old_label=f"in {year.previous().label}",
                               digits=display_digits(f["indicator"], unit))
    else:
        text = f"{what} was {_shown(f['value'], unit)} in {f['as_of'] or year.label}."
    if f["vs_england"] in ("above", "below"):
        eng = _shown(f["england_value"], f["compared_unit"])
        if f["rate_unit"]:
            text = (text.rstrip(".") + f"; at {format_value(f['rate'], f['rate_unit'])} {f['rate_unit']}, "
                    f"significantly {f['vs_england']} England ({eng}).")
        else:
            text = text.rstrip(".") + f", significantly {f['vs_england']} England ({eng})."
    return text


def headlines(facts: pd.DataFrame, reporting_year, *, limit: int = 6, per_section: int = 3) -> list[str]:
    """Plain sentences for a board member ("In brief"): the measures that changed most on last year or
    differ significantly from England (see :func:`_headline_score`), at most ``per_section`` from one
    section and ``limit`` in all, each measure once. Suppressed figures are never described."""
    if facts.empty:
        return []
    year = ReportingYear(reporting_year)
    scored = facts.assign(_score=[_headline_score(f) for _, f in facts.iterrows()]).dropna(subset=["_score"])
    scored = scored.sort_values("_score", ascending=False, kind="stable")
    chosen = []
    per: dict[str, int] = {}
    for _, f in scored.iterrows():
        if len(chosen) >= limit:
            break
        if per.get(f["section"], 0) >= per_section:
            continue
        per[f["section"]] = per.get(f["section"], 0) + 1
        chosen.append(f)
    # read in the report's order of sections, the weightiest first within each
    order = {s: i for i, s in enumerate(dict.fromkeys(facts["section"]))}
    chosen.sort(key=lambda f: order[f["section"]])
    return [f"{SECTIONS.get(f['section'], f['section'])}: {_headline(f, year)}" for f in chosen]


def missing_sections(tables: dict[str, pd.DataFrame], facts: pd.DataFrame, area: str, reporting_year) -> list[str]:
    """The standard sections with no figures for the area and year, as headings (no file names)."""
    with_facts = set(facts["section"]) if len(facts) else set()
    return [title for s, title in SECTIONS.items() if s not in with_facts]


def coverage_sentence(tables: dict[str, pd.DataFrame], facts: pd.DataFrame, area: str, reporting_year) -> str:
    """One plain sentence on which sections this page has figures for, and why the others have none
    ('' when every standard section has figures)."""
    year = ReportingYear(reporting_year).label
    missing = missing_sections(tables, facts, area, reporting_year)
    if not missing:
        return ""
    have = [SECTIONS[s] for s in SECTIONS if len(facts) and s in set(facts["section"])]

    def words(items: list[str], *, capital: bool) -> str:
        items = [i if (n == 0 and capital) else i[0].lower() + i[1:] for n, i in enumerate(items)]
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

    published = any("DfE" in str(s) for t in tables.values() for s in t.get("source", pd.Series(dtype=str)).unique())
    local = any("local" in str(s) for t in tables.values() for s in t.get("source", pd.Series(dtype=str)).unique())
    if not have:
        return (f"There are no figures for {area} in {year} yet: the report's sections need the partnership's "
                "own records or the published statistics for the year.")
    basis = " from the DfE's published statistics" if published and not local else ""
    return (f"This page has figures for {words(have, capital=False)} only{basis}. "
            f"{words(missing, capital=True)} need the partnership's own records, which were not supplied for {area} "
            f"for {year}.")


def show_what_changed(table: pd.DataFrame, area: str, reporting_year, section: str, *, suppress: bool = True,
                      limit: int = 4, show: bool = True) -> list[str]:
    """The opening of a section page: what changed on last year and whether it differs significantly
    from England, as a few sentences chosen as on the key facts page (:func:`headlines`), from the
    section's own indicator table and the published comparators. ``area`` is the config name
    (``exampleshire``), ``section`` the table's name (``cp``). Returns the sentences (displayed as a
    list under "What changed" when ``show``; nothing is shown when there is nothing to say)."""
    name = area_name(area)
    facts = key_facts({section: table}, name, reporting_year, suppress=suppress,
                      comparators=comparator_table(area, reporting_year) if has_published_comparators(table)
                      else None)
    said = [s.split(": ", 1)[1] for s in headlines(facts, reporting_year, limit=limit, per_section=limit)]
    if show and said:
        from lscb_analysis.report.display import heading, say

        heading("What changed")
        say("\n".join(f"- {s}" for s in said))
    return said
