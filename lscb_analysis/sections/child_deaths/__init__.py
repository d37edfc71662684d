"""Child deaths: the Child Death Overview Panel (CDOP) section.

Source: the panel's case records, ``data/raw/<area>/cdop/child_deaths.csv`` (DESIGN.md section 4), one
row per child who died before their 18th birthday. Definitions follow the DfE *Child death reviews*
statistical releases (years ending 31 March 2010 to 2019) and the National Child Mortality Database
(NCMD) *Child death review data release*:

* deaths are counted in the reporting year (1 April to 31 March) in which the child died;
* reviews are counted in the year the panel completed them, whatever year the child died in (the DfE
  counting unit: "reviews completed in the year ending 31 March");
* modifiable factors are a percentage of completed reviews where the panel could decide, excluding
  reviews with insufficient information (as DfE published them);
* categories are the ten CDOP analysis categories of the statutory analysis form;
* rates are per 100,000 children aged 0-17 (ONS mid-year estimate of the calendar year in which the
  reporting year starts), with exact Poisson limits below 10 deaths and Byar's method from 10 (PHE /
  OHID), and are also pooled over a rolling three years, because a single year's count is too small to
  compare.

A panel usually covers several authorities: the loader keeps every case, and
``indicators(data, year, residence=None)`` reports the whole panel (deaths of children resident in the
panel's areas) or one area of residence.

The package follows docs/section_protocol.md: ``codes`` (code lists and labels), ``load`` (reading and
cleaning), ``records`` (the records as arrays and the counts), ``indicators`` (one function per
indicator), ``disclosure`` (the board's tables through the one suppression step), ``tables`` (board
views), ``charts`` and ``text`` (sentences).
"""

from lscb_analysis.sections.child_deaths.charts import trend_chart
from lscb_analysis.sections.child_deaths.codes import (
    AGE_BANDS,
    BIRTHS_UNIT,
    CATEGORIES,
    ETHNIC_GROUPS,
    FILE,
    IMD_QUINTILES,
    MIN_DEATHS_FOR_RATE,
    MODIFIABLE,
    REVIEW_BANDS,
    SEXES,
    SOURCE,
    UNIT,
    panel_label,
    pooled_label,
)
from lscb_analysis.sections.child_deaths.disclosure import board_safe, board_tables, combined
from lscb_analysis.sections.child_deaths.indicators import (
    deaths_by_year,
    indicators,
    modifiable_factors,
    panel_by_residence,
    time_to_review,
)
from lscb_analysis.sections.child_deaths.load import CDOPData, age_at_death, age_band, load, reporting_year_start
from lscb_analysis.sections.child_deaths.tables import (
    age_view,
    category_view,
    deaths_by_year_view,
    deprivation_view,
    ethnicity_view,
    infant_view,
    modifiable_view,
    panel_view,
    small_numbers_note,
    time_to_review_view,
    unexpected_view,
)
from lscb_analysis.sections.child_deaths.text import (
    comparison_word,
    deaths_sentence,
    panel_sentence,
    reviews_sentence,
    unexpected_sentence,
)

__all__ = [
    "CDOPData", "CATEGORIES", "AGE_BANDS", "SEXES", "MODIFIABLE", "REVIEW_BANDS", "FILE", "SOURCE", "UNIT",
    "MIN_DEATHS_FOR_RATE", "load", "age_at_death", "age_band", "reporting_year_start", "pooled_label",
    "panel_label", "indicators", "deaths_by_year", "deaths_by_year_view", "age_view", "category_view",
    "modifiable_factors", "modifiable_view", "time_to_review", "time_to_review_view", "panel_by_residence",
    "panel_view", "board_safe", "board_tables", "combined", "deaths_sentence", "reviews_sentence",
    "panel_sentence", "comparison_word", "trend_chart", "small_numbers_note", "ethnicity_view", "deprivation_view",
    "infant_view", "unexpected_view", "unexpected_sentence", "ETHNIC_GROUPS", "IMD_QUINTILES", "BIRTHS_UNIT",
]
