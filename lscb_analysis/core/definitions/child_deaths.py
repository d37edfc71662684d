"""Definitions of the child deaths indicators (see :mod:`lscb_analysis.core.definitions`)."""

# ruff: noqa: F403, F405 - the shared wording and the Definition record come from model, by name
from __future__ import annotations

from lscb_analysis.core.definitions.model import *

CHILD_DEATHS = [
    _d("child_deaths", _CD, "Child deaths",
       "Deaths in the year of children (under 18) resident in the area or, for the whole panel, in any of "
       "its areas; also pooled over the three years ending in the reporting year, because one year's "
       "count is too small to compare. For the panel, also by area of residence.",
       "deaths of resident children in the period",
       "children aged 0-17 (for the rate; pooled periods add the years' populations); the panel's deaths "
       "(for an area's share)", POP_0_17,
       ("count", "per 100,000 aged 0-17", "percent"), COUNT_AND_RATE_CI, SUPPRESS_CDOP, SRC_CDOP, _cdop("child_deaths"),
       breakdowns="residence:<area> (count and % of the panel's deaths)",
       percent_of="the panel's deaths (an area's share)", change_unit="percent"),
    _d("child_deaths_by_age", _CD, "Child deaths by age",
       "Deaths in the period by age at death from the dates of birth and death: 0-27 days, 28-364 days, 1-4, "
       "5-9, 10-14 and 15-17 years, as counts and percentages of deaths.",
       "deaths in the age band", "deaths in the period", NO_POP, COUNT_SHARE, COUNT_AND_SHARE_CI, SUPPRESS_CDOP,
       SRC_CDOP, _cdop("child_deaths_by_age"), breakdowns="age:<band>"),
    _d("child_deaths_by_sex", _CD, "Child deaths by sex",
       "Deaths in the period by sex (female, male; unknown where recorded so), as counts and percentages "
       "of deaths.",
       "deaths of children of that sex", "deaths in the period", NO_POP, COUNT_SHARE, COUNT_AND_SHARE_CI,
       SUPPRESS_CDOP, SRC_CDOP, _cdop("child_deaths_by_sex"), breakdowns="sex:<sex>"),
    _d("child_deaths_unexpected", _CD, "Unexpected child deaths",
       "Deaths in the period that were not anticipated as a significant possibility 24 hours before "
       "(recorded as not expected), as a count and a percentage of deaths.",
       "unexpected deaths in the period", "deaths in the period", NO_POP, COUNT_SHARE, COUNT_AND_SHARE_CI,
       SUPPRESS_CDOP, SRC_CDOP, _cdop("child_deaths_unexpected")),
    _d("sudi", _CD, "Sudden unexpected deaths in infancy (SUDI)",
       "Sudden unexpected deaths in the period of infants under one year old.",
       "sudden unexpected deaths under 1 year", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_CDOP, SRC_CDOP,
       _cdop("sudi")),
    _d("rapid_responses", _CD, "Rapid (joint agency) responses",
       "Deaths in the period that had a rapid response (joint agency response) by health, police and "
       "social care.",
       "deaths with a rapid response", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_CDOP, SRC_CDOP, _cdop("rapid_responses")),
    _d("reviews_completed", _CD, "Child death reviews completed",
       "Reviews the panel completed in the period, whatever year the child died in (the DfE counting unit), "
       "also split by the decision on modifiable factors, by whether the death was in the period and by the "
       "time from death to review.",
       "reviews completed in the period", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_CDOP, SRC_CDOP, _cdop("reviews_completed"),
       breakdowns="modifiable:<decision>; death:<in or before the period>; time_to_review:<band>"),
    _d("reviews_with_modifiable_factors", _CD, "Reviews finding modifiable factors",
       "Completed reviews in the period that identified modifiable factors, as a percentage of completed "
       "reviews where the panel could decide (reviews with insufficient information are left out, as DfE "
       "did).",
       "completed reviews with modifiable factors",
       "completed reviews with a decision (modifiable or not)", NO_POP, SHARE, WILSON_CI, SUPPRESS_CDOP,
       SRC_CDOP, _cdop("reviews_with_modifiable_factors")),
    _d("reviews_by_category", _CD, "Reviews by category of death",
       "Completed reviews in the period by the ten CDOP analysis categories (from deliberately inflicted "
       "injury, abuse or neglect to sudden unexpected, unexplained death), as counts and percentages of "
       "completed reviews.",
       "completed reviews in the category", "completed reviews in the period", NO_POP, COUNT_SHARE,
       COUNT_AND_SHARE_CI, SUPPRESS_CDOP, SRC_CDOP, _cdop("reviews_by_category"), breakdowns="category:<category>"),
    _d("review_days_median", _CD, "Time from death to completed review",
       "The median number of days from the child's death to the completed review, for reviews completed in "
       "the period.",
       "days from death to review (median)", "reviews completed in the period", NO_POP, ("days",),
       "none (a median of every review, not a sample)", SUPPRESS_CDOP, SRC_CDOP, _cdop("review_days_median")),
    _d("child_deaths_by_ethnicity", _CD, "Child deaths by ethnic group",
       "Deaths in the period by the child's ethnic group (White, Mixed, Asian or Asian British, Black or Black "
       "British, Other ethnic group; not known where refused, not obtained or blank), from the recorded "
       "ethnicity code, as counts and percentages of deaths.",
       "deaths of children of the ethnic group", "deaths in the period", NO_POP, COUNT_SHARE, COUNT_AND_SHARE_CI,
       SUPPRESS_CDOP, SRC_CDOP + "; ONS ethnic groups as the CIN census codes them",
       _cdop("child_deaths_by_ethnicity"), breakdowns="ethnicity:<group>",
       differences="NCMD publishes rates by ethnic group from national populations; a panel has no local "
                   "population by ethnicity, so counts and shares are given."),
    _d("child_deaths_by_deprivation", _CD, "Child deaths by deprivation of residence",
       "Deaths in the period by the Index of Multiple Deprivation quintile of the child's neighbourhood of "
       "residence (the LSOA code in the extract looked up in `cdop/imd_lookup.csv`; quintile 1 is the most "
       "deprived fifth of England's neighbourhoods, deciles 1-2), as counts and percentages of deaths.",
       "deaths of children resident in neighbourhoods of the quintile", "deaths in the period", NO_POP,
       COUNT_SHARE, COUNT_AND_SHARE_CI, SUPPRESS_CDOP,
       SRC_CDOP + "; English Indices of Deprivation (MHCLG) deciles by LSOA", _cdop("child_deaths_by_deprivation"),
       breakdowns="deprivation:<quintile>"),
    _d("infant_mortality_rate", _CD, "Infant deaths per 1,000 live births",
       "Deaths before the first birthday (0-27 days and 28-364 days) in the period per 1,000 live births in "
       "the same area and period, where the panel supplies `cdop/births.csv` (area, year, live_births).",
       "deaths under one year in the period", "live births in the period", BIRTHS_BASE, (BIRTHS_UNIT,),
       RATE_CI, SUPPRESS_CDOP, SRC_BIRTHS, _cdop("infant_mortality_rate")),
    _d("neonatal_mortality_rate", _CD, "Neonatal deaths per 1,000 live births",
       "Deaths in the first 27 days of life in the period per 1,000 live births in the same area and period, "
       "where the panel supplies `cdop/births.csv`.",
       "deaths aged 0-27 days in the period", "live births in the period", BIRTHS_BASE, (BIRTHS_UNIT,),
       RATE_CI, SUPPRESS_CDOP, SRC_BIRTHS, _cdop("neonatal_mortality_rate")),
]
