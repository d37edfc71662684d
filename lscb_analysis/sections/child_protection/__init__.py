"""Child protection: a council's own child-level data (CIN census, Annex A list 1, SSDA903), cleaned, turned
into indicators, and shown as the board's tables and charts beside DfE's published statistics.

The section protocol (``docs/section_protocol.md``), one file a stage:

``load.py``        ``load(area_dir) -> CPData``: find, read, clean, pseudonymise, log rejections
``codes.py``       the returns' code lists and how each column is checked
``indicators.py``  ``indicators(data, years) -> indicator table``: one function per indicator
``engine.py``      the grouped engine the indicators count with (all areas and years in one pass)
``tables.py``      the board's tables, from indicator tables
``charts.py``      the board's charts, from indicator tables
``text.py``        the sentences a board member reads
``page.py``        ``section(area, year, raw_dir)``: what notebook 01 shows, computed once

Where the area has no local extracts, the same tables are built from DfE's published figures
(:mod:`lscb_analysis.inputs.dfe`). Titles and definitions: :mod:`lscb_analysis.core.definitions`.

Tracing a board figure (notebook 01): ``cp.section`` (page.py) -> ``cp.indicators`` (indicators.py) ->
the indicator's own function there (``indicators.referrals``, named in core/definitions.py and
docs/methodology.md "Computed by"); in published mode ``cp.section`` -> ``dfe.indicators``. The tables and
charts only read cells of that indicator table.
"""

from __future__ import annotations

from lscb_analysis.sections.child_protection.charts import funnel_chart, funnel_data, trend_chart, trend_data
from lscb_analysis.sections.child_protection.codes import (
    AGE_BANDS,
    CATEGORIES,
    DURATION_BANDS,
    FACTORS,
    KEYS,
    PER_10K,
    REFERRAL_SOURCES,
    REQUIRED,
    SOURCE,
    SOURCE_GROUPS,
    SPECS,
    SUPERSEDED,
    TABLES,
)
from lscb_analysis.sections.child_protection.indicators import (
    INDICATOR_FUNCTIONS,
    adolescents,
    assessment_factors,
    assessments_completed,
    assessments_within_45_working_days,
    children_in_need_at_31_march,
    contacts,
    cp_plans_at_31_march,
    cp_plans_by_age,
    cp_plans_by_category,
    cp_plans_by_duration,
    cp_plans_ended_2_years_or_more,
    cp_plans_second_or_subsequent,
    cp_plans_started,
    cp_reviews_in_timescale,
    icpc_followed_to_plan,
    icpc_to_plan,
    icpc_within_15_working_days,
    indicators,
    indicators_for_years,
    initial_cp_conferences,
    looked_after_children_at_31_march,
    referrals,
    referrals_by_source,
    referrals_nfa,
    rereferrals_within_12_months,
    section_47_enquiries,
    section_47_followed_to_icpc,
    section_47_to_icpc,
)
from lscb_analysis.sections.child_protection.load import (
    AreaCoverage,
    CPData,
    clean_table,
    has_local_data,
    load,
    load_many,
    pool,
)
from lscb_analysis.sections.child_protection.page import Section, section
from lscb_analysis.sections.child_protection.tables import (
    ACTIVITY,
    CHANGE,
    FOLLOWED,
    KEY_FACTS,
    STAGES,
    activity_table,
    adolescent_table,
    age_table,
    board_tables,
    breakdown_label,
    category_table,
    change_table,
    held,
    key_facts,
    latest_period,
    referral_sources,
    stage_percentages,
    top_factors,
)
from lscb_analysis.sections.child_protection.text import factors_note, headlines

__all__ = [
    # loading
    "CPData", "AreaCoverage", "load", "load_many", "has_local_data", "pool", "clean_table",
    # indicators
    "indicators", "indicators_for_years", "adolescents", "INDICATOR_FUNCTIONS",
    "contacts", "referrals", "rereferrals_within_12_months", "referrals_nfa", "referrals_by_source",
    "assessments_completed", "assessments_within_45_working_days", "assessment_factors",
    "section_47_enquiries", "section_47_to_icpc", "section_47_followed_to_icpc", "initial_cp_conferences",
    "icpc_within_15_working_days", "icpc_to_plan", "icpc_followed_to_plan", "cp_plans_started",
    "cp_plans_second_or_subsequent", "cp_plans_at_31_march", "cp_plans_by_category", "cp_plans_by_age",
    "cp_plans_by_duration", "cp_plans_ended_2_years_or_more", "cp_reviews_in_timescale",
    "children_in_need_at_31_march", "looked_after_children_at_31_march",
    # the board's tables, charts and sentences
    "Section", "section", "board_tables", "ACTIVITY", "CHANGE", "STAGES", "KEY_FACTS", "FOLLOWED",
    "activity_table", "change_table", "stage_percentages", "key_facts", "category_table", "age_table",
    "referral_sources", "top_factors", "adolescent_table", "breakdown_label", "latest_period", "held",
    "trend_data", "funnel_data", "trend_chart", "funnel_chart", "headlines", "factors_note",
    # code lists
    "SOURCE", "PER_10K", "TABLES", "REQUIRED", "KEYS", "SPECS", "SUPERSEDED", "FACTORS", "CATEGORIES",
    "AGE_BANDS", "DURATION_BANDS", "REFERRAL_SOURCES", "SOURCE_GROUPS",
]
