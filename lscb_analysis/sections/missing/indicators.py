"""Missing children indicators: one function per indicator, rows for one reporting year.

An episode belongs to the year in which the child went missing (``missing_start``); return interviews to the
year in which the child returned (``missing_end``). Source: the council's missing episodes; the 72-hour
standard from the DfE statutory guidance on children who run away or go missing from home or care (2014).

The ``looked_after_*`` indicators come from the SSDA903 return (missing and episodes tables) and follow the DfE
statistics "Children looked after in England including adoptions" (missing incidents, Official Statistics):
*missing* (code M) is a looked-after child who is not at their placement or a place they are expected to be and
whose whereabouts are not known; *away from placement without authorisation* (code A) is one whose whereabouts
are known but who is not at their placement or a place they are expected to be; the base is the children looked
after at any time in the year, excluding those looked after only under an agreed series of short-term
placements (legal status V3, V4), as the DfE's figures exclude them.

The ``annex_a_*`` indicators come from list 8 (children in care) of Ofsted's Annex A workbook: the children
looked after in the 12 months before the council extracted the list for inspection, each with the number of
episodes they were missing (and absent) from their placement in those 12 months and whether they were offered,
and accepted, a return interview after their last missing episode. A workbook gives one reporting year
(:func:`lscb_analysis.sections.missing.load.workbook_year`); its figures cover the list's 12 months, not 1 April
to 31 March, and count children and episodes as the council recorded them on the list.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear, as_years
from lscb_analysis.sections.missing.load import MissingData

__all__ = ["indicators", "children_missing", "missing_episodes", "children_missing_3_or_more",
           "return_interviews_offered", "return_interviews_within_72_hours", "AGE_BANDS", "age_band",
           "looked_after_children_during_year", "looked_after_children_missing", "looked_after_children_away",
           "looked_after_missing_incidents", "looked_after_away_incidents", "looked_after_children_missing_3_or_more",
           "looked_after_missing_incidents_per_child", "CARE_MEASURES", "LOCAL_MEASURES", "LIST_MEASURES",
           "annex_a_children_in_care", "annex_a_children_in_care_missing", "annex_a_missing_episodes",
           "annex_a_children_in_care_missing_3_or_more", "annex_a_missing_episodes_per_child",
           "annex_a_children_in_care_absent", "annex_a_return_interviews"]

SOURCE = "local extract (missing episodes)"
CARE_SOURCE = "SSDA903 return (missing and episodes tables)"
LIST_SOURCE = "Ofsted Annex A list 8 (children in care)"
MISSING, AWAY = "M", "A"
AGE_BANDS = ("0-9", "10-13", "14-15", "16-17")
WHERE = {"home": False, "care": True}


def age_band(age: pd.Series) -> pd.Series:
    """Age at the start of the episode in the bands of the page: 0-9, 10-13, 14-15, 16-17."""
    return pd.cut(age, [-1, 9, 13, 15, 17], labels=list(AGE_BANDS)).astype(str)


def _started(data: MissingData, year: ReportingYear) -> pd.DataFrame:
    start = data.episodes["missing_start"]
    return data.episodes[(start >= year.start) & (start < year.end + pd.Timedelta(days=1))]


def _returned(data: MissingData, year: ReportingYear) -> pd.DataFrame:
    end = data.episodes["missing_end"]
    return data.episodes[(end >= year.start) & (end < year.end + pd.Timedelta(days=1))]


def children_missing(data: MissingData, year: ReportingYear) -> list[dict]:
    """Children who went missing at least once in the year: distinct children with an episode starting in the
    year, in all, missing from home and from care (a child missing from both counts in each), by age at their
    first episode of the year and by sex."""
    eps = _started(data, year)
    rows = [ind.count_row(data.area, year.label, "children_missing", eps["child_id"].nunique(), source=SOURCE)]
    for where, flag in WHERE.items():
        n = eps.loc[eps["looked_after"].eq(flag), "child_id"].nunique()
        rows.append(ind.count_row(data.area, year.label, "children_missing", n, breakdown=f"from:{where}",
                                  source=SOURCE))
    first = eps.drop_duplicates("child_id")
    rows += ind.breakdown_rows(data.area, year.label, "children_missing", age_band(first["age"]), AGE_BANDS, "age",
                               shares=False, source=SOURCE)
    rows += ind.breakdown_rows(data.area, year.label, "children_missing", first["sex"], ("female", "male", "unknown"),
                               "sex", shares=False, source=SOURCE)
    return rows


def missing_episodes(data: MissingData, year: ReportingYear) -> list[dict]:
    """Episodes of going missing that started in the year, in all and from home and from care."""
    eps = _started(data, year)
    rows = [ind.count_row(data.area, year.label, "missing_episodes", len(eps), source=SOURCE)]
    rows += [ind.count_row(data.area, year.label, "missing_episodes", int(eps["looked_after"].eq(flag).sum()),
                           breakdown=f"from:{where}", source=SOURCE) for where, flag in WHERE.items()]
    return rows


def children_missing_3_or_more(data: MissingData, year: ReportingYear) -> list[dict]:
    """Children with three or more episodes starting in the year, as a count and a percentage of children
    missing in the year."""
    eps = _started(data, year)
    per_child = eps.groupby("child_id").size()
    n = int((per_child >= 3).sum())
    return [ind.count_row(data.area, year.label, "children_missing_3_or_more", n, source=SOURCE),
            ind.proportion_row(data.area, year.label, "children_missing_3_or_more", n, len(per_child),
                               source=SOURCE)]


def return_interviews_offered(data: MissingData, year: ReportingYear) -> list[dict]:
    """Episodes ending in the year where the child was offered a return interview, as a percentage of episodes
    ending in the year; and of those offered, the percentage accepted."""
    back = _returned(data, year)
    offered = back["rhi_offered"].eq("yes")
    accepted = offered & back["rhi_accepted"].eq("yes")
    return [ind.proportion_row(data.area, year.label, "return_interviews_offered", int(offered.sum()), len(back),
                               source=SOURCE),
            ind.proportion_row(data.area, year.label, "return_interviews_accepted", int(accepted.sum()),
                               int(offered.sum()), source=SOURCE)]


def return_interviews_within_72_hours(data: MissingData, year: ReportingYear) -> list[dict]:
    """Episodes ending in the year whose return interview took place within 72 hours of the child's return
    (``rhi_date - missing_end <= 72 hours``), as a percentage of episodes ending in the year with a return
    interview."""
    back = _returned(data, year)
    held = back[back["rhi_date"].notna()]
    within = (held["rhi_date"] - held["missing_end"]) <= pd.Timedelta(hours=72)
    return [ind.proportion_row(data.area, year.label, "return_interviews_within_72_hours", int(within.sum()),
                               len(held), source=SOURCE)]


# --- looked-after children: the SSDA903 return ----------------------------------------------------------------


def _in_year(dates: pd.Series, year: ReportingYear) -> pd.Series:
    return (dates >= year.start) & (dates < year.end + pd.Timedelta(days=1))


def _looked_after(data: MissingData, year: ReportingYear) -> pd.Index:
    """Children looked after at any time in the year: an episode starting on or before 31 March and not ended
    before 1 April (``DECOM <= 31 March`` and ``DEC`` blank or ``>= 1 April``), other than a short break."""
    eps = data.care_episodes
    during = (eps["start"] < year.end + pd.Timedelta(days=1)) & (eps["end"].isna() | (eps["end"] >= year.start))
    return pd.Index(eps.loc[during & ~eps["short_break"], "child_id"].unique())


def _incidents(data: MissingData, year: ReportingYear, code: str) -> pd.DataFrame:
    """Incidents of one kind (``code``) starting in the year (``MIS_START`` from 1 April to 31 March), of
    children looked after during the year."""
    mis = data.care_missing
    mine = mis[_in_year(mis["missing_start"], year) & mis["code"].eq(code)]
    return mine[mine["child_id"].isin(_looked_after(data, year))]


def looked_after_children_during_year(data: MissingData, year: ReportingYear) -> list[dict]:
    """Children looked after at any time in the year (distinct children with an episode of care open on any day
    from 1 April to 31 March), excluding those looked after only under an agreed series of short-term placements:
    the base of the DfE's percentage of looked-after children who went missing ("Children looked after during the
    year"). Source: the SSDA903 episodes table."""
    return [ind.count_row(data.area, year.label, "looked_after_children_during_year", len(_looked_after(data, year)),
                          source=CARE_SOURCE)]


def _children_with(data: MissingData, year: ReportingYear, code: str, name: str) -> list[dict]:
    children = _incidents(data, year, code)["child_id"].nunique()
    base = len(_looked_after(data, year))
    return [ind.count_row(data.area, year.label, name, children, source=CARE_SOURCE),
            ind.proportion_row(data.area, year.label, name, children, base, source=CARE_SOURCE)]


def looked_after_children_missing(data: MissingData, year: ReportingYear) -> list[dict]:
    """Children looked after during the year who had at least one missing incident (SSDA903 ``MISSING`` = M)
    starting in the year, as a count and a percentage of the children looked after during the year
    (``children with an M incident / children looked after during the year * 100``). Source: DfE, Children looked
    after in England including adoptions ("children who had a missing incident during the year")."""
    return _children_with(data, year, MISSING, "looked_after_children_missing")


def looked_after_children_away(data: MissingData, year: ReportingYear) -> list[dict]:
    """Children looked after during the year who were away from placement without authorisation (SSDA903
    ``MISSING`` = A) at least once, the incident starting in the year, as a count and a percentage of the children
    looked after during the year. Some councils record every incident as missing, so this can be zero. Source: DfE,
    Children looked after in England including adoptions."""
    return _children_with(data, year, AWAY, "looked_after_children_away")


def looked_after_missing_incidents(data: MissingData, year: ReportingYear) -> list[dict]:
    """Missing incidents (``MISSING`` = M) of children looked after, starting in the year (``MIS_START`` from
    1 April to 31 March); a child can have many. Source: DfE, Children looked after in England including adoptions
    ("missing incidents")."""
    n = len(_incidents(data, year, MISSING))
    return [ind.count_row(data.area, year.label, "looked_after_missing_incidents", n, source=CARE_SOURCE)]


def looked_after_away_incidents(data: MissingData, year: ReportingYear) -> list[dict]:
    """Incidents of children looked after being away from placement without authorisation (``MISSING`` = A),
    starting in the year. Source: DfE, Children looked after in England including adoptions."""
    n = len(_incidents(data, year, AWAY))
    return [ind.count_row(data.area, year.label, "looked_after_away_incidents", n, source=CARE_SOURCE)]


def looked_after_children_missing_3_or_more(data: MissingData, year: ReportingYear) -> list[dict]:
    """Children looked after with three or more missing incidents (M) starting in the year, as a count and a
    percentage of the looked-after children who went missing in the year."""
    per_child = _incidents(data, year, MISSING).groupby("child_id").size()
    n = int((per_child >= 3).sum())
    return [ind.count_row(data.area, year.label, "looked_after_children_missing_3_or_more", n, source=CARE_SOURCE),
            ind.proportion_row(data.area, year.label, "looked_after_children_missing_3_or_more", n, len(per_child),
                               source=CARE_SOURCE)]


def looked_after_missing_incidents_per_child(data: MissingData, year: ReportingYear) -> list[dict]:
    """The average number of missing incidents (M) per looked-after child who went missing in the year
    (``missing incidents / children who had a missing incident``); none when no child went missing. Source: DfE,
    Children looked after in England including adoptions ("average number of missing incidents per looked after
    child who went missing")."""
    incidents = _incidents(data, year, MISSING)
    children = incidents["child_id"].nunique()
    value = len(incidents) / children if children else float("nan")
    return [ind.value_row(data.area, year.label, "looked_after_missing_incidents_per_child", value, "ratio",
                          numerator=len(incidents), denominator=children, source=CARE_SOURCE)]


# --- looked-after children: Ofsted Annex A list 8 ---------------------------------------------------------------


def _on_list(data: MissingData, year: ReportingYear) -> pd.DataFrame:
    """The children on the list of the workbook for ``year`` (none when there is no such workbook)."""
    return data.care_list[data.care_list["period"].eq(year.label)]


def annex_a_children_in_care(data: MissingData, year: ReportingYear) -> list[dict]:
    """Children on list 8 (children in care) of the year's Annex A workbook: the children looked after in the
    12 months before the list was extracted, counted once. The base of the list's percentages. Source: Ofsted,
    Annex A (inspection of local authority children's services), list 8."""
    kids = _on_list(data, year)
    if kids.empty:
        return []
    return [ind.count_row(data.area, year.label, "annex_a_children_in_care", len(kids), source=LIST_SOURCE)]


def _with_episodes(data: MissingData, year: ReportingYear, column: str, at_least: int, name: str,
                   base: str) -> list[dict]:
    """Children on the list with at least ``at_least`` episodes in ``column``: a count and a percentage of
    ``base`` ("list": every child on the list; "missing": the children who went missing)."""
    kids = _on_list(data, year)
    if kids.empty:
        return []
    n = int(kids[column].ge(at_least).sum())
    of = len(kids) if base == "list" else int(kids["missing_episodes"].ge(1).sum())
    return [ind.count_row(data.area, year.label, name, n, source=LIST_SOURCE),
            ind.proportion_row(data.area, year.label, name, n, of, source=LIST_SOURCE)]


def annex_a_children_in_care_missing(data: MissingData, year: ReportingYear) -> list[dict]:
    """Children on list 8 with one or more episodes of being missing from their placement in the list's 12 months
    (``MissingEpisodes >= 1``; a blank is none), as a count and a percentage of the children on the list. Source:
    Ofsted, Annex A, list 8 ("Number of episodes the child has been 'missing' from their placement in the last 12
    months")."""
    return _with_episodes(data, year, "missing_episodes", 1, "annex_a_children_in_care_missing", "list")


def annex_a_missing_episodes(data: MissingData, year: ReportingYear) -> list[dict]:
    """Episodes of going missing from placement in the list's 12 months, summed over the children on list 8
    (``sum of MissingEpisodes``). Source: Ofsted, Annex A, list 8."""
    kids = _on_list(data, year)
    if kids.empty:
        return []
    return [ind.count_row(data.area, year.label, "annex_a_missing_episodes", int(kids["missing_episodes"].sum()),
                          source=LIST_SOURCE)]


def annex_a_children_in_care_missing_3_or_more(data: MissingData, year: ReportingYear) -> list[dict]:
    """Children on list 8 with three or more missing episodes in the list's 12 months (``MissingEpisodes >= 3``),
    as a count and a percentage of the children on the list who went missing. Source: Ofsted, Annex A, list 8."""
    return _with_episodes(data, year, "missing_episodes", 3, "annex_a_children_in_care_missing_3_or_more", "missing")


def annex_a_missing_episodes_per_child(data: MissingData, year: ReportingYear) -> list[dict]:
    """Missing episodes per child on list 8 who went missing (``sum of MissingEpisodes / children with
    MissingEpisodes >= 1``); none when no child went missing. Source: Ofsted, Annex A, list 8."""
    kids = _on_list(data, year)
    if kids.empty:
        return []
    went = kids[kids["missing_episodes"].ge(1)]
    episodes = int(went["missing_episodes"].sum())
    value = episodes / len(went) if len(went) else float("nan")
    return [ind.value_row(data.area, year.label, "annex_a_missing_episodes_per_child", value, "ratio",
                          numerator=episodes, denominator=len(went), source=LIST_SOURCE)]


def annex_a_children_in_care_absent(data: MissingData, year: ReportingYear) -> list[dict]:
    """Children on list 8 with one or more episodes of being 'absent' from their placement in the list's 12 months
    (``AbsentEpisodes >= 1``; a blank is none), as a count and a percentage of the children on the list. Source:
    Ofsted, Annex A, list 8."""
    return _with_episodes(data, year, "absent_episodes", 1, "annex_a_children_in_care_absent", "list")


def annex_a_return_interviews(data: MissingData, year: ReportingYear) -> list[dict]:
    """Of the children on list 8 who went missing in the list's 12 months, those offered a return interview after
    their last missing episode (``ReturnInterviewOffered`` yes; a blank counts as not offered), as a percentage;
    and of those offered, those who accepted it (``ReturnInterviewAccepted`` yes), as a percentage. Wilson limits.
    Source: Ofsted, Annex A, list 8; the DfE statutory guidance on children who run away or go missing from home or
    care (2014): every child who returns should be offered an independent return interview."""
    kids = _on_list(data, year)
    if kids.empty:
        return []
    went = kids[kids["missing_episodes"].ge(1)]
    offered = went["rhi_offered"]
    accepted = offered & went["rhi_accepted"]
    return [ind.proportion_row(data.area, year.label, "annex_a_return_interviews_offered", int(offered.sum()),
                               len(went), source=LIST_SOURCE),
            ind.proportion_row(data.area, year.label, "annex_a_return_interviews_accepted", int(accepted.sum()),
                               int(offered.sum()), source=LIST_SOURCE)]


LOCAL_MEASURES = (children_missing, missing_episodes, children_missing_3_or_more, return_interviews_offered,
                  return_interviews_within_72_hours)
CARE_MEASURES = (looked_after_children_during_year, looked_after_children_missing, looked_after_missing_incidents,
                 looked_after_children_missing_3_or_more, looked_after_missing_incidents_per_child,
                 looked_after_children_away, looked_after_away_incidents)
LIST_MEASURES = (annex_a_children_in_care, annex_a_children_in_care_missing, annex_a_missing_episodes,
                 annex_a_children_in_care_missing_3_or_more, annex_a_missing_episodes_per_child,
                 annex_a_children_in_care_absent, annex_a_return_interviews)


def indicators(data: MissingData, years: str | ReportingYear | Iterable) -> pd.DataFrame:
    """Every missing children indicator for each of ``years``, as one indicator table: those of the local extract
    where the area holds it, those of the SSDA903 return where it holds the missing table, and those of Annex A
    list 8 for each year an Annex A workbook gives."""
    years = [ReportingYear(years)] if isinstance(years, (str, int, ReportingYear)) else as_years(years)
    measures = ((LOCAL_MEASURES if data.local else ()) + (CARE_MEASURES if data.care else ())
                + (LIST_MEASURES if data.annex_a else ()))
    return ind.table([row for year in years for measure in measures for row in measure(data, year)])


