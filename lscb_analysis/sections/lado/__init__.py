"""Allegations against people who work with children: the Local Authority Designated Officer (LADO).

Working Together to Safeguard Children 2023 (chapter 2) and Keeping Children Safe in Education (part 4) set
out how allegations that a person who works with children has harmed a child, or may pose a risk of harm, are
managed: the employer tells the LADO within one working day; the LADO considers each referral, and most are
expected to be resolved quickly (KCSIE: 80% within one month, 90% within three months, all but the most
exceptional within 12 months). The yearly report prints referrals by source and category of harm, the
employer's sector, outcomes and timeliness (seed 003 section 6.5; seed 000 sections 4.5.9-4.5.12).

Protocol (docs/section_protocol.md): ``load(area_dir)`` -> :class:`LADOData`; ``indicators(data, years)`` ->
indicator table; ``tables`` builds the board's tables from the (suppressed) indicator table.
"""

from lscb_analysis.sections.lado.indicators import indicators
from lscb_analysis.sections.lado.load import (
    CATEGORIES,
    DIR,
    OUTCOMES,
    SECTORS,
    SOURCES,
    LADOData,
    available,
    load,
)
from lscb_analysis.sections.lado.tables import board_tables

__all__ = ["load", "available", "indicators", "board_tables", "LADOData", "DIR", "SOURCES", "CATEGORIES",
           "SECTORS", "OUTCOMES"]
